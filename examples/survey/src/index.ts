export { createSurveyApp, type SurveyApp, type SurveyAppOptions } from './app.js';
export { ConfigError, DEMO, loadConfig, type SurveyConfig } from './config.js';
export { requestSuiteTicket } from './isv-emulator.js';
export { OA_SURVEY, registerOaCallback, sceneFor } from './oa-edition.js';
export { PHOTO_LIMITS, type PhotoLimits } from './photos.js';
export { startSurvey } from './serve.js';
