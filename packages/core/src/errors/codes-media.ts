import { both, type CatalogRows } from './entry.js';

/** Temporary media (media/upload, media/get): WeCom doc 90253/90254 and the OA's temporary-material pages. */
export const MEDIA_CODES: CatalogRows = {
  40004: both(
    'Invalid media type',
    ['the upload `type` is not image, voice, video or file (OA: thumb instead of file)'],
    'Pass one of the media types the platform lists as `type`',
  ),
  40005: both(
    'Invalid file type',
    ['the bytes are not in a format the media type takes (image: JPG or PNG; voice: AMR; video: MP4)'],
    'Convert the file, or upload it as type file',
  ),
  40006: both(
    'Invalid file size',
    [
      'the file is 5 bytes or less, or over the limit of its type (image 10 MB, voice 2 MB, video 10 MB, file 20 MB)',
    ],
    'Shrink the file (or split it); WeCom takes bigger video/file through upload_by_url',
  ),
  40007: both(
    'Invalid media_id',
    [
      'the media_id expired: temporary media lives 3 days',
      'it belongs to another corp or account (WeCom shares media between the apps of one corp only)',
      'it was cut or altered on its way (a serverId from the page with stray characters)',
    ],
    'Upload the file again (or ask the page for a new uploadImage) and use the new media_id within 3 days',
  ),
  41005: both(
    'Media data is missing',
    ['the multipart body has no part named `media`'],
    'Send the file as multipart/form-data in a part named media, with a filename',
  ),
  41006: both('media_id is missing', ['the call has no media_id'], 'Pass the media_id'),
};
