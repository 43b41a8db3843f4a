import type { Locale } from '../dialog/options.js';

/** Arabic (right to left). */
const ar: Locale = {
  lang: 'ar',
  title: 'ستنتهي الجلسة قريبًا',
  message: 'الوقت المتبقي حتى تسجيل الخروج التلقائي: {time}.',
  stayButton: 'متابعة الجلسة',
  logoutButton: 'تسجيل الخروج الآن',
  lifetimeTitle: 'الجلسة على وشك الانتهاء',
  lifetimeMessage:
    'لأسباب أمنية، ستنتهي الجلسة مهما كان نشاطك، ولا يمكن تمديدها. الوقت المتبقي: {time}. يُرجى حفظ عملك الآن.',
  closeButton: 'إغلاق',
};
export default ar;
