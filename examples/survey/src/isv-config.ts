/**
 * The third-party app edition's settings: the suite (第三方应用) of a service provider, its command callback and the
 * key that seals permanent codes. The demo values are the emulator's default seed (the provider contract).
 */
export const DEMO_ISV = {
  providerCorpId: 'wwproviderdemo0001',
  suiteId: 'wwsuitedemo0000001',
  suiteSecret: 'suite-secret-0123456789abcdef0123456789',
  token: 'isvtoken0123456789',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  sealSecret: 'wxkit-survey-demo-seal-secret-not-for-production',
  /** Each demo corp's installing admin (corp 1's and corp 2's, two different people). */
  admin: 'zhangsan',
};

export interface IsvEditionConfig {
  suiteId: string;
  suiteSecret: string;
  /** At least 32 characters: seals each corp's permanent code in the store (SURVEY_SEAL_SECRET). */
  sealSecret: string;
  /** Where the edition is served: '/isv' beside the others, '' when it is the only one. */
  base: string;
  /** 回调配置 of the suite (指令回调): token, EncodingAESKey and the provider's CorpID (the URL check's receive id). */
  commands: { token: string; encodingAESKey: string; providerCorpId: string };
  /**
   * Userids that may open 管理 in whichever corp they belong to (SURVEY_ISV_ADMINS; against the emulator each demo
   * corp's installing admin, `zhangsan`). A sketch: on the real platform a third-party app sees per-corp userids,
   * and the app's admins of each corp come from get_admin_list (doc 100072), which the emulator does not serve yet.
   */
  admins: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

export function isvFrom(env: Env, alone: boolean, emulated: boolean): IsvEditionConfig {
  return {
    suiteId: env['SUITE_ID'] ?? DEMO_ISV.suiteId,
    suiteSecret: env['SUITE_SECRET'] ?? DEMO_ISV.suiteSecret,
    sealSecret: env['SURVEY_SEAL_SECRET'] ?? DEMO_ISV.sealSecret,
    base: alone ? '' : '/isv',
    commands: {
      token: env['SUITE_TOKEN'] ?? DEMO_ISV.token,
      encodingAESKey: env['SUITE_AES_KEY'] ?? DEMO_ISV.encodingAESKey,
      providerCorpId: env['PROVIDER_CORP_ID'] ?? DEMO_ISV.providerCorpId,
    },
    admins: (env['SURVEY_ISV_ADMINS'] ?? (emulated ? DEMO_ISV.admin : ''))
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  };
}

/** The demo secrets of the edition that must not reach the real platform, by env name. */
export const isvDemoSecrets = (isv: IsvEditionConfig) =>
  [
    isv.suiteSecret === DEMO_ISV.suiteSecret && 'SUITE_SECRET',
    isv.sealSecret === DEMO_ISV.sealSecret && 'SURVEY_SEAL_SECRET',
  ].filter((name): name is string => typeof name === 'string');
