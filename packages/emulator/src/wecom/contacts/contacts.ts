import { guarded, type Service } from '../../context.js';
import { departmentOrder, memberFields, visibleDepartments } from '../../directory.js';
import { fail, ok } from '../../envelope.js';
import { weComCaller } from '../common.js';

/** user/get and department/list, limited to the app's visible range. */
export const weComContacts: Service = {
  name: 'wecom-contacts',
  platform: 'wecom',
  register(app, ctx) {
    const wecom = guarded(app, (c) => weComCaller(ctx, c));
    wecom.get('/cgi-bin/user/get', async (c, caller) => {
      const world = ctx.world();
      const userid = c.req.query('userid');
      if (!userid) return fail(c, 'wecom', 41009, 'missing userid');
      const member = world.member(caller.corp.corpId, userid);
      if (!member) return fail(c, 'wecom', 60111, `invalid string value \`${userid}\`. userid not found`);
      if (!world.visible(caller.corp, caller.app, member))
        return fail(
          c,
          'wecom',
          60011,
          'no privilege to access/modify contact/party/agent ',
          `${member.userid} is outside the visible range of app ${caller.app.agentId}`,
        );
      return ok(c, memberFields(member));
    });

    wecom.get('/cgi-bin/department/list', async (c, caller) => {
      const world = ctx.world();
      const id = c.req.query('id');
      // Only the departments in the app's visible range (doc 90344: "只能拉取token对应的应用的权限范围内的部门列表"):
      // each visible department and everything below it.
      const range = visibleDepartments(world, caller.corp, caller.app);
      let departments = caller.corp.departments.filter((d) => range.has(d.id));
      if (id !== undefined && id !== '') {
        if (!caller.corp.departments.some((d) => String(d.id) === id))
          return fail(c, 'wecom', 60123, 'invalid party id');
        if (!range.has(Number(id)))
          return fail(
            c,
            'wecom',
            60011,
            'no privilege to access/modify contact/party/agent ',
            `department ${id} is outside the visible range of app ${caller.app.agentId}`,
          );
        const tree = world.departmentTree(caller.corp, Number(id));
        departments = departments.filter((d) => tree.has(d.id));
      }
      return ok(c, {
        // The same order for a department on every path (department/simplelist and department/get too).
        department: departments.map((d) => ({
          id: d.id,
          name: d.name,
          parentid: d.parentId ?? 0,
          order: departmentOrder(caller.corp, d.id),
          department_leader: [],
        })),
      });
    });
  },
};
