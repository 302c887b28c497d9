export { snsTopicEncrypted } from "./topic-encrypted";
