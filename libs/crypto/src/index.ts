export { hashToken, randomToken, SecretBox } from './tokens';
