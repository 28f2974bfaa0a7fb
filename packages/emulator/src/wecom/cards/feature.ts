import { defineFeature } from '../../feature.js';
import { cardState } from './cards.js';
import { cardClick } from './click.js';
import { weComCards } from './update.js';

/** Template cards: update_template_card and the control action a member's tap is played with. */
export const weComCardsFeature = defineFeature({
  name: 'wecom/cards',
  platform: 'wecom',
  state: [cardState],
  api: [weComCards],
  control: [cardClick],
});
