export { ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS, ImageRepository } from "./image-repository";
export type { ImageRepositoryProps } from "./image-repository";
