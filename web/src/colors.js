// Fixed colours, shared by the map, the timeline and the legends, so one event type is
// the same colour everywhere on the page.

export const EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Strategic developments',
  'Protests',
  'Riots',
];

const TYPE_COLOURS = {
  Battles: '#d62728',
  'Explosions/Remote violence': '#f28e2b',
  'Violence against civilians': '#8e44ad',
  'Strategic developments': '#2f6db5',
  Protests: '#2ca02c',
  Riots: '#c9a400',
};
export const OTHER_COLOUR = '#8c8c8c';

// ACLED sub-event types, so a key from /api/stats or a cluster's `types` gets its
// parent's colour whichever level the server reports.
const SUB_EVENT_PARENT = {
  'Armed clash': 'Battles',
  'Government regains territory': 'Battles',
  'Non-state actor overtakes territory': 'Battles',
  'Chemical weapon': 'Explosions/Remote violence',
  'Air/drone strike': 'Explosions/Remote violence',
  'Suicide bomb': 'Explosions/Remote violence',
  'Shelling/artillery/missile attack': 'Explosions/Remote violence',
  'Remote explosive/landmine/IED': 'Explosions/Remote violence',
  Grenade: 'Explosions/Remote violence',
  'Sexual violence': 'Violence against civilians',
  Attack: 'Violence against civilians',
  'Abduction/forced disappearance': 'Violence against civilians',
  'Peaceful protest': 'Protests',
  'Protest with intervention': 'Protests',
  'Excessive force against protesters': 'Protests',
  'Violent demonstration': 'Riots',
  'Mob violence': 'Riots',
  Agreement: 'Strategic developments',
  Arrests: 'Strategic developments',
  'Change to group/activity': 'Strategic developments',
  'Disrupted weapons use': 'Strategic developments',
  'Headquarters or base established': 'Strategic developments',
  'Looting/property destruction': 'Strategic developments',
  'Non-violent transfer of territory': 'Strategic developments',
  Other: 'Strategic developments',
};

// The ACLED event type of a type or sub-event type; null when it is neither.
export function parentType(type) {
  return TYPE_COLOURS[type] ? type : SUB_EVENT_PARENT[type] || null;
}

export function typeColour(type) {
  return TYPE_COLOURS[parentType(type)] || OTHER_COLOUR;
}

// Order keys the ACLED way (so stacks and legends do not reshuffle between answers),
// unknown keys last, alphabetically.
export function typeOrder(a, b) {
  const rank = (t) => {
    const i = EVENT_TYPES.indexOf(TYPE_COLOURS[t] ? t : SUB_EVENT_PARENT[t]);
    return i < 0 ? EVENT_TYPES.length : i;
  };
  return rank(a) - rank(b) || String(a).localeCompare(String(b));
}

// Colours of the extracted fields highlighted in report sentences. A field such as
// "weapons.drone" takes the colour of its family ("weapons").
const FIELD_COLOURS = {
  event_type: '#ffd8a8',
  trigger: '#ffd8a8',
  date: '#b2f2bb',
  location: '#a5d8ff',
  actor1: '#ffc9c9',
  actor2: '#eebefa',
  claimed_by: '#fcc2d7',
  fatalities: '#ff8787',
  injuries: '#ffa94d',
  weapons: '#d0bfff',
  quantity: '#c5f6fa',
  outcome: '#e9ecef',
  sub_event_type: '#ffe066',
};
const SPARE = ['#d8f5a2', '#ffdeeb', '#c3fae8', '#fff3bf', '#dbe4ff', '#e3fafc'];

export function fieldColour(name) {
  const family = String(name).split('.')[0];
  if (FIELD_COLOURS[family]) return FIELD_COLOURS[family];
  let hash = 0;
  for (const ch of family) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[hash % SPARE.length];
}
