import type { Locale } from '../dialog/options.js';

/** Chinese (Simplified); also zh, zh-CN and zh-SG. */
const zhHans: Locale = {
  lang: 'zh-Hans',
  title: '您的会话即将过期',
  message: '您将在{time}后退出登录。',
  stayButton: '保持登录',
  logoutButton: '立即退出登录',
  lifetimeTitle: '您的会话即将结束',
  lifetimeMessage: '出于安全考虑，无论您是否进行操作，系统都将在{time}后将您退出登录。请立即保存您的工作。',
  closeButton: '关闭',
};
export default zhHans;
