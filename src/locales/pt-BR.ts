import type { Locale } from '../dialog/options.js';

/** Portuguese (Brazil). */
const ptBR: Locale = {
  lang: 'pt-BR',
  title: 'Sua sessão está prestes a expirar',
  message: 'Sua sessão será encerrada em {time}.',
  stayButton: 'Manter a sessão ativa',
  logoutButton: 'Sair agora',
  lifetimeTitle: 'Sua sessão está terminando',
  lifetimeMessage:
    'Por segurança, sua sessão será encerrada em {time}, independentemente do que você fizer. Salve seu trabalho agora.',
  closeButton: 'Fechar',
};
export default ptBR;
