import type { Locale } from '../dialog/options.js';

/** English, built in: for a page in another language that shows the dialog in English. */
const en: Locale = {
  lang: 'en',
  title: 'Your session is about to expire',
  message: 'You will be signed out in {time}.',
  stayButton: 'Stay signed in',
  logoutButton: 'Sign out now',
  lifetimeTitle: 'Your session is ending',
  lifetimeMessage: 'For your security, you will be signed out in {time}, whatever you do. Save your work now.',
  closeButton: 'Close',
};
export default en;
