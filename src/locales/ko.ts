import type { Locale } from '../dialog/options.js';

/** Korean. */
const ko: Locale = {
  lang: 'ko',
  title: '세션이 곧 만료됩니다',
  message: '{time} 후에 자동으로 로그아웃됩니다.',
  stayButton: '로그인 유지',
  logoutButton: '지금 로그아웃',
  lifetimeTitle: '세션이 종료됩니다',
  lifetimeMessage: '보안을 위해 사용 여부와 관계없이 {time} 후에 로그아웃됩니다. 지금 작업 내용을 저장하세요.',
  closeButton: '닫기',
};
export default ko;
