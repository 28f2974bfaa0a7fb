/**
 * Real client APIs (the clients' own names, as jweixin 1.6 and @wecom/jssdk send them) that the bridge does not
 * simulate. `checkJsApi` answers true for them as a phone does (audit-3 N-L14); invoking one answers
 * `<api>:fail_not supported by the wxkit emulator`. Sources: the jweixin 1.6 name table (web name → client name),
 * the OA JS-SDK appendix 所有JS接口列表 and WeCom's JS-SDK API list (doc 90506 and its child pages).
 */
export const REAL_NOT_SIMULATED_APIS: readonly string[] = [
  // WeChat (OA) JS-SDK, client names.
  ...`
  menu:share:qq menu:share:weiboApp menu:share:QZone menu:share:wechat startRecord stopRecord
  onVoiceRecordEnd playVoice pauseVoice stopVoice onVoicePlayEnd uploadVoice downloadVoice
  translateVoice openLocation hideAllNonBaseMenuItem showAllNonBaseMenuItem openProductViewWithPid
  chooseCard batchAddCard batchViewCard getBrandWCPayRequest editAddress openBusinessView
  startMonitoringBeacons stopMonitoringBeacons onBeaconsInRange consumedShareCard
  `.split(/\s+/),
  // WeCom JS-SDK.
  ...`
  getCurExternalContact getCurExternalChat selectExternalContact selectExternalChat sendChatMessage
  shareToExternalContact shareToExternalChat getContext openExistedChatWithMsg openDefaultBrowser
  setClipboardData getClipboardData launchMiniprogram selectPrivilegedContact thirdPartyOpenPage
  shareToExternalMoments navigateToAddCustomer createCorpGroupChat updateCorpGroupChat
  openThirdAppServiceChat hideChatAttachmentMenu enterpriseVerify onHistoryBack
  wwapp.getCurCorpGroupContact
  `.split(/\s+/),
].filter(Boolean);
