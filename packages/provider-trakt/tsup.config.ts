// Shared by every provider package: see tsup.provider.ts at the repository root.
export { default } from "../../tsup.provider"
