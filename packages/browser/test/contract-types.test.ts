import type { JssdkConfigReply, MeReply, SessionRefusal, SessionReply } from '@wxkit/core/contract';
import type { ErrorBody as ServerErrorBody, SessionUser as ServerSessionUser } from '@wxkit/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { SessionUser, SignedConfig } from '../src/index.js';

// Checked by `tsc` (npm test's type-check): the browser kit's reply types are the server kit's, from one
// definition in core's contract; a change on one side that the other does not follow fails the build.
describe("the browser kit's view of the server kit's replies", () => {
  it('uses the same member type as the server kit', () => {
    expectTypeOf<SessionUser>().toEqualTypeOf<ServerSessionUser>();
    expectTypeOf<SessionReply['user']>().toEqualTypeOf<ServerSessionUser>();
    expectTypeOf<MeReply['user']>().toEqualTypeOf<SessionUser>();
  });

  it('reads the error body the server kit answers on a refused session', () => {
    expectTypeOf<SessionRefusal['error']>().toEqualTypeOf<ServerErrorBody>();
  });

  it('reads the JS-SDK config the server kit answers', () => {
    expectTypeOf<SignedConfig>().toEqualTypeOf<JssdkConfigReply>();
  });
});
