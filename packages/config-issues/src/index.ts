export {
  ConfigError,
  type ConfigIssue,
  fieldName,
  formatIssue,
  issueAt,
  type Locator,
} from './issue.ts';
export { parseYamlFile, type YamlFile } from './yamlFile.ts';
