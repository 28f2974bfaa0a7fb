import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toContactChange } from '../src/contract/index.js';

describe('the change_contact parser', () => {
  it('reads the doc samples of a member update and a tag update', () => {
    expect(
      toContactChange({ ChangeType: 'update_user', UserID: 'ChengXiaoFei', MainDepartment: '35' }),
    ).toEqual({ changeType: 'update_user', userId: 'ChengXiaoFei', mainDepartment: 35 });
    expect(
      toContactChange({
        ChangeType: 'update_tag',
        TagId: '1',
        AddUserItems: 'zhangsan,lisi',
        DelUserItems: 'zhangsan1,lisi1',
        AddPartyItems: '1,2',
        DelPartyItems: '3,4',
      }),
    ).toEqual({
      changeType: 'update_tag',
      tagId: 1,
      addUserItems: ['zhangsan', 'lisi'],
      delUserItems: ['zhangsan1', 'lisi1'],
      addPartyItems: [1, 2],
      delPartyItems: [3, 4],
    });
    // Id is the department's only on party changes.
    expect(toContactChange({ ChangeType: 'create_party', Id: '2', ParentId: '1' })).toEqual({
      changeType: 'create_party',
      departmentId: 2,
      parentId: 1,
    });
    expect(toContactChange({ ChangeType: 'create_user', Id: '2' })).toEqual({ changeType: 'create_user' });
  });

  it('never throws, keeps ChangeType and gives one department per non-empty item, for any field values', () => {
    const names = [
      'ChangeType',
      'UserID',
      'NewUserID',
      'Name',
      'Department',
      'MainDepartment',
      'Status',
      'Id',
      'TagId',
      'AddUserItems',
      'AddPartyItems',
      '__proto__',
      'constructor',
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.string({ maxLength: 40 })), (fields) => {
        const raw = Object.assign(Object.create(null) as Record<string, string>, fields);
        const change = toContactChange(raw);
        expect(change.changeType).toBe(raw['ChangeType'] ?? '');
        if (raw['Department'] !== undefined)
          expect(change.departments).toHaveLength(
            raw['Department'].split(',').filter((v) => v.trim() !== '').length,
          );
        expect(Object.getPrototypeOf(change)).toBe(Object.prototype);
      }),
      { numRuns: 300 },
    );
  });
});
