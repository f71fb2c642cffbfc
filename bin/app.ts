import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadCourseFiles } from '../functions/adapters/course-files.ts';
import { addStacks } from '../lib/app.ts';
import { contextKeys, parseAppConfig } from '../lib/config.ts';
import { projectRoot } from '../lib/project.ts';
import { writeSignupSite } from '../web/build.ts';

// The only place that reads context: everything below gets typed, validated props.
const app = new App();
const config = parseAppConfig(
  Object.fromEntries(contextKeys.map((key) => [key, app.node.tryGetContext(key)])),
);
// The site is built fresh at every synth (esbuild, in well under a second), into git-ignored dist/.
const siteDir = join(projectRoot, 'dist', 'site');
await writeSignupSite(siteDir);
addStacks(app, config, loadCourseFiles(join(projectRoot, 'courses'), projectRoot), siteDir);
// Unacknowledged findings fail `cdk synth` and `cdk deploy`, not only the tests.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { verbose: true }),
  new ServerlessChecks(app, { verbose: true }),
);
app.synth();
