import type { Locale } from '../dialog/options.js';

/** Hebrew (right to left). */
const he: Locale = {
  lang: 'he',
  title: 'תוקף ההפעלה עומד לפוג',
  message: 'ההתנתקות האוטומטית תתבצע בעוד {time}.',
  stayButton: 'הארכת ההפעלה',
  logoutButton: 'התנתקות עכשיו',
  lifetimeTitle: 'ההפעלה מסתיימת',
  lifetimeMessage:
    'מטעמי אבטחה, ההפעלה תסתיים בעוד {time} בכל מקרה, ולא ניתן להאריך אותה. מומלץ לשמור את העבודה עכשיו.',
  closeButton: 'סגירה',
};
export default he;
