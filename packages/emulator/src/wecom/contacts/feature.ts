import { defineFeature } from '../../feature.js';
import { contactsConsole } from '../../pages/console-contacts.js';
import { weComContacts } from './contacts.js';
import { contactsControl } from './control.js';
import { weComDirectory } from './directory.js';
import { weComTags } from './tags.js';

/** The directory: members, departments, tags, the admin's changes (change_contact) and the console's page. */
export const weComContactsFeature = defineFeature({
  name: 'wecom/contacts',
  platform: 'wecom',
  api: [weComContacts, weComDirectory, weComTags],
  control: [contactsControl],
  console: [contactsConsole],
});
