import { defineFeature } from '../../feature.js';
import { oaUserInfo } from './user-info.js';
import { oaUsers } from './users.js';

/** Followers: user/get and user/info (the seed's followers, changed by scans and unfollows). */
export const oaUsersFeature = defineFeature({ name: 'oa/users', platform: 'oa', api: [oaUsers, oaUserInfo] });
