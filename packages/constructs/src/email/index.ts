export { EmailDomain, SES_SMTP_PORT } from "./email-domain";
export type { DmarcPolicy, EmailDomainProps } from "./email-domain";
