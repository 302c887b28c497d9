export { acmCertificateDnsValidated } from "./dns-validated";
