import { describe, expect, it } from 'vitest';
import { coWechatApi, withEmulator } from './sdks.js';

describe('co-wechat-api manages OA templates against the emulator, unchanged', () => {
  it('sets the industries, adds TM00015, lists it, sends with it, deletes it', () =>
    withEmulator(async (emulator) => {
      const api = coWechatApi(emulator);
      expect(await api.setIndustry({ industry_id1: '1', industry_id2: '4' })).toMatchObject({ errcode: 0 });
      expect((await api.getIndustry()).primary_industry).toEqual({
        first_class: 'IT科技',
        second_class: '互联网|电子商务',
      });
      // Once a month: the SDK surfaces the platform's 43100.
      await expect(api.setIndustry({ industry_id1: '2', industry_id2: '4' })).rejects.toMatchObject({
        code: 43100,
      });
      const added = await api.addTemplate('TM00015');
      expect(added).toMatchObject({ errcode: 0, template_id: expect.stringMatching(/^[\w-]{43}$/) });
      const list = await api.getAllPrivateTemplate();
      expect(list.template_list.map((t) => t.title)).toContain('订单支付成功');
      const sent = await api.sendTemplate('o-xiaoming', added.template_id, '', '#FF0000', {
        first: { value: '我们已收到您的货款' },
        orderMoneySum: { value: '30.00元' },
      });
      expect(sent).toMatchObject({ errcode: 0 });
      expect(await api.delPrivateTemplate(added.template_id)).toMatchObject({ errcode: 0 });
      await expect(api.delPrivateTemplate(added.template_id)).rejects.toMatchObject({ code: 40037 });
      await expect(api.addTemplate('TM99999')).rejects.toMatchObject({ code: 40037 });
    }));
});
