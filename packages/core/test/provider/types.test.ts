import { describe, expectTypeOf, it } from 'vitest';
import type { PlatformClient, WeComClient } from '../../src/index.js';
import type { CorpClient, SuiteClient, SuiteIdentity, Tenant } from '../../src/provider/index.js';

describe('@wxkit/core/provider types', () => {
  it('gives a corp client everything an own-app WeCom client has, so code written for one serves both', () => {
    expectTypeOf<CorpClient>().toExtend<WeComClient>();
    expectTypeOf<CorpClient>().toExtend<PlatformClient<'wecom'>>();
  });

  it('never types a permanent code into what the registry hands out', () => {
    expectTypeOf<Tenant>().not.toHaveProperty('permanentCode');
    expectTypeOf<Awaited<ReturnType<SuiteClient['completeInstall']>>>().toEqualTypeOf<Tenant>();
  });

  it("carries the member's corp in the login identity", () => {
    expectTypeOf<SuiteIdentity['corpId']>().toEqualTypeOf<string | undefined>();
  });
});
