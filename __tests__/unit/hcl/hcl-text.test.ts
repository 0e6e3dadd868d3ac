import { conditionBlocks, topLevelBlocks, unquoteDependsOn } from '../../../scripts/hcl/hcl-blocks';
import { closingIndex, unwrapInterpolations } from '../../../scripts/hcl/hcl-scan';
import { hclLiteral, hclTemplate, variableBlock } from '../../../scripts/hcl/hcl-values';

describe('unwrapInterpolations', () => {
  it.each([
    ['an attribute value', 'a = "${var.x}"\n', 'a = var.x\n'],
    [
      'a for expression',
      'for_each = "${{ for k, v in var.m : k => v }}"\n',
      'for_each = { for k, v in var.m : k => v }\n',
    ],
    ['a list element', 'a = [\n"${var.x}",\n"lit"\n]', 'a = [\nvar.x,\n"lit"\n]'],
    [
      'a call argument with inner quotes',
      'h = "${filebase64sha256("${path.module}/z.zip")}"\n',
      'h = filebase64sha256("${path.module}/z.zip")\n',
    ],
    [
      'a nested sole interpolation',
      'p = "${jsonencode({"a" = "${var.y}"})}"\n',
      'p = jsonencode({"a" = var.y})\n',
    ],
  ])('unwraps %s', (_name, input, expected) => {
    expect(unwrapInterpolations(input)).toBe(expected);
  });

  it.each([
    ['a template with literal text', 'n = "${var.p}-engine"\n'],
    ['two interpolations', 'n = "${var.a}${var.b}"\n'],
    ['an operand of a comparison', 'c = "${var.a}" == "x"\n'],
    ['an escaped opener', 'n = "$${var.a}"\n'],
    ['a string in a comment', '# "${var.a}"\n'],
  ])('keeps %s', (_name, input) => {
    expect(unwrapInterpolations(input)).toBe(input);
  });
});

describe('closingIndex', () => {
  it('skips brackets inside strings and interpolations', () => {
    const src = '{ a = "}" b = "${ {x = "}"} }" c = [1] }';
    expect(closingIndex(src, 0)).toBe(src.length - 1);
  });

  it('names the offset of an unclosed bracket', () => {
    expect(() => closingIndex('x = [1, 2', 4)).toThrow('unclosed [ at offset 4');
  });
});

describe('topLevelBlocks', () => {
  it('splits blocks with their type and labels, braces in strings included', () => {
    // Act
    const blocks = topLevelBlocks(
      'locals {\na = "}"\n}\nresource "aws_x" "y" {\nb = { c = 1 }\n}\n',
    );

    // Assess
    expect(blocks.map((b) => [b.type, b.labels])).toEqual([
      ['locals', []],
      ['resource', ['aws_x', 'y']],
    ]);
    expect(blocks[1]!.text).toBe('resource "aws_x" "y" {\nb = { c = 1 }\n}');
  });

  it('rejects text that is not a block, quoting it', () => {
    expect(() => topLevelBlocks('a = 1\n')).toThrow('expected a block at offset 0: a = 1');
  });
});

describe("repairs of cdktf 0.21's HCL", () => {
  it('turns depends_on strings into references', () => {
    expect(unquoteDependsOn('depends_on = [\n"aws_x.a",\n"aws_y.b[0]",\n]')).toBe(
      'depends_on = [\naws_x.a,\naws_y.b[0],\n]',
    );
  });

  it('turns a precondition list into precondition blocks', () => {
    // Prepare
    const cdktf =
      'lifecycle {\n  precondition = [\n{\ncondition = "${var.a == "]"}"\nerror_message = "x"\n},\n{\ncondition = true\nerror_message = "y"\n},\n]\n}';

    // Act + Assess
    expect(conditionBlocks(cdktf)).toBe(
      'lifecycle {\n  precondition {\ncondition = "${var.a == "]"}"\nerror_message = "x"\n}\nprecondition {\ncondition = true\nerror_message = "y"\n}\n}',
    );
  });
});

describe('HCL values', () => {
  it('escapes literal text of a template and keeps its interpolations', () => {
    expect(hclTemplate('say "hi" to ${join(", ", var.names)}\n')).toBe(
      '"say \\"hi\\" to ${join(", ", var.names)}\\n"',
    );
  });

  it('writes literals that are never templates', () => {
    expect(hclLiteral({ a: ['${x}', 1, true, null], 'b-c:d': '%{if}' })).toBe(
      '{\n  a = [\n    "$${x}",\n    1,\n    true,\n    null,\n  ]\n  "b-c:d" = "%%{if}"\n}',
    );
  });

  it('writes a variable with its default, nullability and validations', () => {
    // Act
    const text = variableBlock('days', {
      description: 'Days "left".',
      type: 'number',
      default: 7,
      nullable: false,
      validation: [
        { condition: 'var.days > 0', error_message: 'days must be > 0, got ${var.days}.' },
      ],
    });

    // Assess
    expect(text).toBe(
      [
        'variable "days" {',
        '  description = "Days \\"left\\"."',
        '  type = number',
        '  default = 7',
        '  nullable = false',
        '',
        '  validation {',
        '    condition = var.days > 0',
        '    error_message = "days must be > 0, got ${var.days}."',
        '  }',
        '}',
      ].join('\n'),
    );
  });
});
