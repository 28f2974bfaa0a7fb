import { defineFeature } from '../../feature.js';
import { menuState } from '../../menus.js';
import { weComAdmin } from './admin.js';

/** The app's menu, its settings and its workbench template and data. */
export const weComAdminFeature = defineFeature({
  name: 'wecom/admin',
  platform: 'wecom',
  state: [menuState],
  api: [weComAdmin],
});
