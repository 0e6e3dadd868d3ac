import { Testing } from 'cdktf';
import { configurations } from './support/configurations';
import { buildStack, placeholderZip } from './support/stacks';

/** The zip's hash and the asset directory change with every build: not what a snapshot should pin. */
function normalise(synthesized: string): unknown {
  const json = JSON.parse(synthesized);
  const fn = json.resource.aws_lambda_function.engine;
  fn.source_code_hash = '<base64 sha256 of handler.zip>';
  fn.filename = fn.filename.replace(/\/[0-9A-F]{32}\//, '/<asset hash>/');
  return json;
}

describe('synthesized stack snapshots', () => {
  it.each(Object.entries(configurations(placeholderZip())))(
    'matches the snapshot of "%s"',
    (_name, { props, region }) => {
      // Act
      const synthesized = Testing.synth(buildStack(props, { region }).stack);

      // Assess
      expect(synthesized).not.toContain(process.cwd());
      expect(normalise(synthesized)).toMatchSnapshot();
    },
  );
});
