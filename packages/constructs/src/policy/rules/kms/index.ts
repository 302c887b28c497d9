export { kmsKeyRotationEnabled } from "./key-rotation-enabled";
