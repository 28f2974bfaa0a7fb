import { defineState } from './world.js';

/**
 * Menus by `wecom:corpId:agentId` or `oa:appId` (menu/create, the console's menu bar), and WeCom workbench
 * templates and data. A fresh world starts with the seed's menus.
 */
export const menuState = defineState('menus', (store, world) => {
  const menus = store.map<string, unknown>('menus', 10_000);
  if (!store.restored('menus'))
    for (const corp of world.seed.wecom)
      for (const app of corp.apps) if (app.menu) menus.set(`wecom:${corp.corpId}:${app.agentId}`, app.menu);
  return { menus, workbench: store.map<string, Record<string, unknown>>('workbench', 10_000) };
});
