import type { Locale } from '../dialog/options.js';

/** Japanese. */
const ja: Locale = {
  lang: 'ja',
  title: 'セッションの有効期限が近づいています',
  message: '{time}後に自動的にログアウトします。',
  stayButton: 'ログインしたままにする',
  logoutButton: '今すぐログアウト',
  lifetimeTitle: 'セッションが終了します',
  lifetimeMessage:
    'セキュリティのため、操作の有無にかかわらず{time}後にログアウトします。今すぐ作業内容を保存してください。',
  closeButton: '閉じる',
};
export default ja;
