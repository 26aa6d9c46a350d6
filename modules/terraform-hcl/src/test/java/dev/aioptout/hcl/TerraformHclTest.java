package dev.aioptout.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Every construct the renderer knows, input (Terraform JSON syntax, written with single quotes for
 * readability) against the exact native syntax expected, laid out as {@code terraform fmt} would.
 */
class TerraformHclTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Terraform JSON written with ' for " so that the inputs stay readable. */
    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    private static String render(String singleQuoted) {
        return TerraformHcl.render(json(singleQuoted));
    }

    /** A document with one resource whose body is {@code body}. */
    private static ObjectNode resource(ObjectNode body) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("resource").putObject("aws_thing").set("t", body);
        return root;
    }

    /** The rendered value of attribute {@code value} of a resource. */
    private static String attribute(JsonNode value) {
        ObjectNode body = JSON.createObjectNode();
        body.set("value", value);
        String hcl = TerraformHcl.render(resource(body));
        String prefix = "resource \"aws_thing\" \"t\" {\n  value = ";
        assertThat(hcl).startsWith(prefix).endsWith("\n}\n");
        return hcl.substring(prefix.length(), hcl.length() - "\n}\n".length());
    }

    private static String attribute(String text) {
        return attribute(JSON.getNodeFactory().textNode(text));
    }

    // ---- terraform block -------------------------------------------------------------------

    @Test
    void terraformBlockWithRequiredProvidersAndLocalBackend() {
        assertThat(render("""
                {'terraform': {
                  'required_version': '>= 1.5.0',
                  'backend': {'local': {'path': 'terraform.ai-optout.tfstate'}},
                  'required_providers': {'aws': {'source': 'hashicorp/aws', 'version': '>= 5.23.1, < 6.0.0'}}
                }}""")).isEqualTo("""
                terraform {
                  required_version = ">= 1.5.0"
                  backend "local" {
                    path = "terraform.ai-optout.tfstate"
                  }
                  required_providers {
                    aws = {
                      source  = "hashicorp/aws"
                      version = ">= 5.23.1, < 6.0.0"
                    }
                  }
                }
                """);
    }

    @Test
    void s3BackendIsALabelledBlockWithEveryArgument() {
        assertThat(render("""
                {'terraform': {'backend': {'s3': {'bucket': 'state-bucket', 'key': 'ai-optout/terraform.tfstate',
                  'region': 'eu-west-1', 'use_lockfile': true, 'dynamodb_table': 'locks'}}}}""")).isEqualTo("""
                terraform {
                  backend "s3" {
                    bucket         = "state-bucket"
                    key            = "ai-optout/terraform.tfstate"
                    region         = "eu-west-1"
                    use_lockfile   = true
                    dynamodb_table = "locks"
                  }
                }
                """);
    }

    @Test
    void cloudBlockWithANamedWorkspace() {
        assertThat(render("""
                {'terraform': {'cloud': {'organization': 'acme', 'workspaces': {'name': 'ai-optout-prod'}}}}""")).isEqualTo("""
                terraform {
                  cloud {
                    organization = "acme"
                    workspaces {
                      name = "ai-optout-prod"
                    }
                  }
                }
                """);
    }

    @Test
    void cloudBlockWithTaggedWorkspacesAndAHostname() {
        assertThat(render("""
                {'terraform': {'cloud': {'hostname': 'tfe.example.com', 'organization': 'acme',
                  'workspaces': {'tags': ['ai-optout', 'security']}}}}""")).isEqualTo("""
                terraform {
                  cloud {
                    hostname     = "tfe.example.com"
                    organization = "acme"
                    workspaces {
                      tags = ["ai-optout", "security"]
                    }
                  }
                }
                """);
    }

    // ---- provider, resource, data ----------------------------------------------------------

    @Test
    void providersOneBlockPerConfigurationWithNestedBlocksAndMapAttributes() {
        assertThat(render("""
                {'provider': {'aws': [
                  {'region': 'us-east-1', 'default_tags': [{'tags': {'owner': 'security', 'cost-center': 'cc-1'}}]},
                  {'alias': 'west', 'region': 'us-west-2', 'assume_role': [{'role_arn': 'arn:aws:iam::111122223333:role/x'}]}
                ]}}""")).isEqualTo("""
                provider "aws" {
                  region = "us-east-1"
                  default_tags {
                    tags = {
                      owner       = "security"
                      cost-center = "cc-1"
                    }
                  }
                }

                provider "aws" {
                  alias  = "west"
                  region = "us-west-2"
                  assume_role {
                    role_arn = "arn:aws:iam::111122223333:role/x"
                  }
                }
                """);
    }

    @Test
    void resourceWithReferencesMapAttributesAndALifecycle() {
        assertThat(render("""
                {'resource': {'aws_organizations_policy': {
                  'baseline': {
                    '//': {'metadata': {'path': 'ai-optout/policies/baseline'}},
                    'name': 'ai-optout-all-services',
                    'type': 'AISERVICES_OPT_OUT_POLICY',
                    'tags': {'owner': 'platform-security', 'ai-optout:exception': 'sandbox'},
                    'depends_on': ['aws_organizations_organization.organization'],
                    'lifecycle': {
                      'prevent_destroy': true,
                      'ignore_changes': ['tags_all'],
                      'precondition': [{'condition': '${var.lock != \\"x\\"}', 'error_message': 'no x'}],
                      'postcondition': [
                        {'condition': '${self.id != \\"\\"}', 'error_message': 'the policy ${self.name} has no id'},
                        {'condition': '${length(self.content) <= 2500}', 'error_message': 'too long'}
                      ]
                    }
                  },
                  'other': {'for_each': '${toset(var.names)}', 'name': '${each.key}'}
                }}}""")).isEqualTo("""
                resource "aws_organizations_policy" "baseline" {
                  name = "ai-optout-all-services"
                  type = "AISERVICES_OPT_OUT_POLICY"
                  tags = {
                    owner                 = "platform-security"
                    "ai-optout:exception" = "sandbox"
                  }
                  depends_on = [aws_organizations_organization.organization]
                  lifecycle {
                    prevent_destroy = true
                    ignore_changes  = [tags_all]
                    precondition {
                      condition     = var.lock != "x"
                      error_message = "no x"
                    }
                    postcondition {
                      condition     = self.id != ""
                      error_message = "the policy ${self.name} has no id"
                    }
                    postcondition {
                      condition     = length(self.content) <= 2500
                      error_message = "too long"
                    }
                  }
                }

                resource "aws_organizations_policy" "other" {
                  for_each = toset(var.names)
                  name     = each.key
                }
                """);
    }

    @Test
    void dataSourceWithAPostcondition() {
        assertThat(render("""
                {'data': {'aws_organizations_organization': {'existing': {
                  'lifecycle': {'postcondition': [{'condition': '${self.feature_set == \\"ALL\\"}',
                    'error_message': 'organization ${self.id} has only consolidated billing features'}]}
                }}}}""")).isEqualTo("""
                data "aws_organizations_organization" "existing" {
                  lifecycle {
                    postcondition {
                      condition     = self.feature_set == "ALL"
                      error_message = "organization ${self.id} has only consolidated billing features"
                    }
                  }
                }
                """);
    }

    @Test
    void dataSourceWithoutArgumentsIsAnEmptyBlock() {
        assertThat(render("{'data': {'aws_caller_identity': {'current': {}}}}")).isEqualTo("""
                data "aws_caller_identity" "current" {}
                """);
    }

    // ---- import, moved ---------------------------------------------------------------------

    @Test
    void importAndMovedBlocksTakeReferencesUnquoted() {
        assertThat(render("""
                {'import': [{'id': 'o-exampleorgid', 'to': 'aws_organizations_organization.organization'}],
                 'moved': [{'from': 'aws_organizations_policy.old', 'to': 'aws_organizations_policy.baseline'},
                           {'from': 'module.a[\\"x\\"]', 'to': 'module.b'}]}""")).isEqualTo("""
                import {
                  id = "o-exampleorgid"
                  to = aws_organizations_organization.organization
                }

                moved {
                  from = aws_organizations_policy.old
                  to   = aws_organizations_policy.baseline
                }

                moved {
                  from = module.a["x"]
                  to   = module.b
                }
                """);
    }

    // ---- variable, output, locals ----------------------------------------------------------

    @Test
    void variableWithATypeExpressionDefaultsAndValidationBlocks() {
        assertThat(render("""
                {'variable': {
                  'exceptions': {
                    'description': 'Exceptions by name',
                    'type': 'map(object({ targets = list(string), expires = optional(string) }))',
                    'default': {'sandbox-lex': {'targets': ['ou-ab12-34567890'], 'expires': null}},
                    'validation': [
                      {'condition': '${alltrue([for e in values(var.exceptions) : length(e.targets) > 0])}',
                       'error_message': 'Every exception names a target.'},
                      {'condition': '${length(var.exceptions) < 100}', 'error_message': 'At most 99 exceptions.'}
                    ]
                  },
                  'name': {'type': 'string', 'default': 'ai-optout', 'nullable': false, 'sensitive': false}
                }}""")).isEqualTo("""
                variable "exceptions" {
                  description = "Exceptions by name"
                  type        = map(object({ targets = list(string), expires = optional(string) }))
                  default = {
                    sandbox-lex = {
                      targets = ["ou-ab12-34567890"]
                      expires = null
                    }
                  }
                  validation {
                    condition     = alltrue([for e in values(var.exceptions) : length(e.targets) > 0])
                    error_message = "Every exception names a target."
                  }
                  validation {
                    condition     = length(var.exceptions) < 100
                    error_message = "At most 99 exceptions."
                  }
                }

                variable "name" {
                  type      = string
                  default   = "ai-optout"
                  nullable  = false
                  sensitive = false
                }
                """);
    }

    @Test
    void outputWithExpressionValueAndAPrecondition() {
        assertThat(render("""
                {'output': {
                  'organization_id': {'description': 'The organization id', 'value': '${aws_organizations_organization.organization.id}'},
                  'root_id': {'value': '${aws_organizations_organization.organization.roots[0].id}', 'sensitive': true,
                    'depends_on': ['aws_organizations_policy_attachment.baseline_root'],
                    'precondition': [{'condition': '${length(aws_organizations_organization.organization.roots) == 1}',
                      'error_message': 'one root'}]}
                }}""")).isEqualTo("""
                output "organization_id" {
                  description = "The organization id"
                  value       = aws_organizations_organization.organization.id
                }

                output "root_id" {
                  value      = aws_organizations_organization.organization.roots[0].id
                  sensitive  = true
                  depends_on = [aws_organizations_policy_attachment.baseline_root]
                  precondition {
                    condition     = length(aws_organizations_organization.organization.roots) == 1
                    error_message = "one root"
                  }
                }
                """);
    }

    @Test
    void localsAreOneBlockOfAttributes() {
        assertThat(render("""
                {'locals': {'root_id': '${data.aws_organizations_organization.current.roots[0].id}',
                  'ops': '@@operators_allowed_for_child_policies', 'levels': {'full': ['services', 'default'], 'none': []},
                  'count': 3, 'enabled': true, 'nothing': null}}""")).isEqualTo("""
                locals {
                  root_id = data.aws_organizations_organization.current.roots[0].id
                  ops     = "@@operators_allowed_for_child_policies"
                  levels = {
                    full = ["services", "default"]
                    none = []
                  }
                  count   = 3
                  enabled = true
                  nothing = null
                }
                """);
    }

    @Test
    void sectionsComeInTerraformOrderSeparatedByOneBlankLine() {
        String hcl = render("""
                {'output': {'o': {'value': 1}}, 'moved': [{'from': 'a.b', 'to': 'a.c'}], 'import': [{'id': 'x', 'to': 'a.c'}],
                 'resource': {'a': {'c': {}}}, 'data': {'d': {'e': {}}}, 'locals': {'l': 1}, 'variable': {'v': {}},
                 'provider': {'aws': {}}, 'terraform': {'required_version': '>= 1.5.0'}, '//': {'comment': 'ignored'}}""");
        assertThat(hcl).isEqualTo("""
                terraform {
                  required_version = ">= 1.5.0"
                }

                provider "aws" {}

                variable "v" {}

                locals {
                  l = 1
                }

                data "d" "e" {}

                resource "a" "c" {}

                import {
                  id = "x"
                  to = a.c
                }

                moved {
                  from = a.b
                  to   = a.c
                }

                output "o" {
                  value = 1
                }
                """);
    }

    @Test
    void anUnknownTopLevelSectionIsRefusedRatherThanDropped() {
        assertThatThrownBy(() -> render("{'resource': {}, 'frobnicate': {}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frobnicate");
    }

    // ---- nested blocks versus map attributes -----------------------------------------------

    @Test
    void onlyKnownBlockNamesBecomeBlocksAndEveryOtherObjectIsAMapAttribute() {
        String hcl = render("""
                {'resource': {'aws_organizations_organization': {'organization': {
                  'tags': {'owner': 'security'},
                  'timeouts': {'create': '10m'},
                  'settings': {'lifecycle': 'not a block here', 'nested': {'deeper': {'k': 'v'}}},
                  'lifecycle': {'create_before_destroy': true}
                }}}}""");
        assertThat(hcl).isEqualTo("""
                resource "aws_organizations_organization" "organization" {
                  tags = {
                    owner = "security"
                  }
                  settings = {
                    lifecycle = "not a block here"
                    nested = {
                      deeper = {
                        k = "v"
                      }
                    }
                  }
                  timeouts {
                    create = "10m"
                  }
                  lifecycle {
                    create_before_destroy = true
                  }
                }
                """);
        assertThat(hcl).contains("  tags = {").doesNotContain("tags {").doesNotContain("settings {");
    }

    @Test
    void aDoubleSlashKeyIsACommentInBodiesButAnOrdinaryKeyInValues() {
        // Terraform's JSON syntax keeps "//" in object expressions (a tag may be called "//").
        assertThat(render("""
                {'resource': {'a': {'b': {'//': {'metadata': 'dropped'}, 'tags': {'//': 'kept', 'owner': 'x'},
                  'lifecycle': {'//': 'dropped too', 'prevent_destroy': true}}}}}""")).isEqualTo("""
                resource "a" "b" {
                  tags = {
                    "//"  = "kept"
                    owner = "x"
                  }
                  lifecycle {
                    prevent_destroy = true
                  }
                }
                """);
        assertThat(attribute("{\"//\":\"x\"}")).isEqualTo("""
                jsonencode({
                    "//" = "x"
                  })""");
    }

    @Test
    void aCommentInABlocksDoubleSlashObjectIsWrittenAsTheBlocksFirstLine() {
        // What the stack writes beside an OU's id: the path the layout named it by.
        assertThat(render("""
                {'resource': {'a': {'b': {'//': {'comment': 'OU /Workloads/R\\\\/D', 'metadata': {'path': 'x'}},
                  'target_id': 'ou-ab12-34567890', 'policy_id': 'p-1'}}}}""")).isEqualTo("""
                resource "a" "b" {
                  # OU /Workloads/R\\/D
                  target_id = "ou-ab12-34567890"
                  policy_id = "p-1"
                }
                """);
        // One line whatever the text holds: a line break cannot end the comment and start configuration.
        ObjectNode body = JSON.createObjectNode();
        body.putObject("//").put("comment", "OU /a\nresource \"evil\" \"x\" {}\u001b[8m");
        body.put("target_id", "ou-ab12-34567890");
        assertThat(TerraformHcl.render(resource(body)))
                .isEqualTo("resource \"aws_thing\" \"t\" {\n  # OU /a\\u000aresource \"evil\" \"x\" {}\\u001b[8m\n"
                        + "  target_id = \"ou-ab12-34567890\"\n}\n");
    }

    @Test
    void emptyMapsListsAndBlocks() {
        assertThat(render("{'resource': {'a': {'b': {'tags': {}, 'list': [], 'lifecycle': {}}}}}"))
                .isEqualTo("""
                resource "a" "b" {
                  tags = {}
                  list = []
                  lifecycle {}
                }
                """);
    }

    @Test
    void mapKeysAreBareIdentifiersOnlyWhenThatReadsAsTheSameString() {
        assertThat(attribute(json("""
                {'plain': 1, 'with-dash': 2, '@@assign': 3, 'ai-optout:exception': 4, 'has space': 5, '9lives': 6,
                 'for': 7, 'null': 8, 'true': 9, 'in': 10, 'if': 11, 'quote\\"d': 12, 'x${y}': 13, 'é': 14}"""))).isEqualTo("""
                {
                    plain                 = 1
                    with-dash             = 2
                    "@@assign"            = 3
                    "ai-optout:exception" = 4
                    "has space"           = 5
                    "9lives"              = 6
                    "for"                 = 7
                    "null"                = 8
                    "true"                = 9
                    "in"                  = 10
                    "if"                  = 11
                    "quote\\"d"            = 12
                    "x$${y}"              = 13
                    "é"                   = 14
                  }""");
    }

    @Test
    void equalsSignsAlignByGraphemeClustersAsTerraformFmtCountsColumns() {
        // Checked against terraform fmt 1.11: an emoji, a flag or a joined emoji is one column, and so
        // is a letter with a combining accent; UTF-16 lengths would misalign them.
        assertThat(attribute(json("""
                {'😀': 1, 'e\u0301t\u00e9': 2, '🇯🇵': 3, '👩\u200d💻': 4, '日本': 5, 'ab': 6}"""))).isEqualTo("""
                {
                    "😀"   = 1
                    "e\u0301t\u00e9" = 2
                    "🇯🇵"   = 3
                    "👩\u200d💻"   = 4
                    "日本"  = 5
                    ab    = 6
                  }""");
    }

    @Test
    void longListsAreWrittenOneElementALineAndListsOfObjectsAlwaysAre() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("'ou-ab12-3456789")
                    .append(i % 10)
                    .append("'");
        }
        String longList = attribute(json(many.append("]").toString()));
        assertThat(longList).startsWith("[\n    \"ou-ab12-34567890\",\n").endsWith("\n    \"ou-ab12-34567891\",\n  ]");
        assertThat(longList.lines()).hasSize(14);

        assertThat(attribute(json("[{'a': 1, 'bb': 'x'}, {'c': [1, 2]}]"))).isEqualTo("""
                [
                    {
                      a  = 1
                      bb = "x"
                    },
                    {
                      c = [1, 2]
                    },
                  ]""");
        assertThat(attribute(json("['a', 'b']"))).isEqualTo("[\"a\", \"b\"]");
    }

    // ---- strings: expressions, templates, escaping -----------------------------------------

    @Test
    void aStringThatIsOneWholeInterpolationBecomesTheExpression() {
        assertThat(attribute("${var.name}")).isEqualTo("var.name");
        assertThat(attribute("${aws_organizations_organization.organization.roots[0].id}"))
                .isEqualTo("aws_organizations_organization.organization.roots[0].id");
        assertThat(attribute("${var.x == \"}\" ? \"a\" : \"b\"}")).isEqualTo("var.x == \"}\" ? \"a\" : \"b\"");
        assertThat(attribute("${merge(var.tags, { a = \"b\" })}")).isEqualTo("merge(var.tags, { a = \"b\" })");
        assertThat(attribute("${{ for k, v in var.m : k => v }}")).isEqualTo("{ for k, v in var.m : k => v }");
    }

    @Test
    void mixedTemplatesStayQuotedStringsWithTheirInterpolations() {
        assertThat(attribute("${var.a}-${var.b}")).isEqualTo("\"${var.a}-${var.b}\"");
        assertThat(attribute("${var.a}${var.b}")).isEqualTo("\"${var.a}${var.b}\"");
        assertThat(attribute("name-${var.a}")).isEqualTo("\"name-${var.a}\"");
        assertThat(attribute("${var.a} suffix")).isEqualTo("\"${var.a} suffix\"");
        assertThat(attribute("%{if var.on}on%{endif}")).isEqualTo("\"%{if var.on}on%{endif}\"");
        // Escaped sequences of the JSON syntax mean the same in native syntax, so they pass through.
        assertThat(attribute("$${literal}")).isEqualTo("\"$${literal}\"");
        assertThat(attribute("%%{literal}")).isEqualTo("\"%%{literal}\"");
    }

    @Test
    void anInterpolationInsideAStringKeepsItsOwnStringLiterals() {
        // The expression inside ${...} is the same syntax in both forms: its quotes are not escaped again.
        assertThat(attribute("types: ${join(\", \", [for t in var.x : \"${t} (\\\"q\\\")\"])}."))
                .isEqualTo("\"types: ${join(\", \", [for t in var.x : \"${t} (\\\"q\\\")\"])}.\"");
        assertThat(attribute("say \"${lookup({ a = \"b\" }, var.k, \"?\")}\""))
                .isEqualTo("\"say \\\"${lookup({ a = \"b\" }, var.k, \"?\")}\\\"\"");
        // A sequence that does not close, or runs over a line, is text.
        assertThat(attribute("open ${var.a \"x\"")).isEqualTo("\"open ${var.a \\\"x\\\"\"");
        assertThat(attribute("${var.a\n\"x\"} y")).isEqualTo("\"${var.a\\n\\\"x\\\"} y\"");
    }

    @Test
    void quotesBackslashesNewlinesAndControlCharactersAreEscaped() {
        assertThat(attribute("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(attribute("C:\\path\\to")).isEqualTo("\"C:\\\\path\\\\to\"");
        assertThat(attribute("line1\nline2\r\n\tindented")).isEqualTo("\"line1\\nline2\\r\\n\\tindented\"");
        assertThat(attribute("bell\u0007 unit\u001f")).isEqualTo("\"bell\\u0007 unit\\u001f\"");
        assertThat(attribute("unicode é ✓ 日本 😀")).isEqualTo("\"unicode é ✓ 日本 😀\"");
        assertThat(attribute("")).isEqualTo("\"\"");
        assertThat(attribute("<tag> & 'single'")).isEqualTo("\"<tag> & 'single'\"");
    }

    @Test
    void literalsOtherThanStrings() {
        assertThat(attribute(JSON.getNodeFactory().numberNode(42))).isEqualTo("42");
        assertThat(attribute(JSON.getNodeFactory().numberNode(-7L))).isEqualTo("-7");
        assertThat(attribute(JSON.getNodeFactory().numberNode(1.5))).isEqualTo("1.5");
        assertThat(attribute(JSON.getNodeFactory().booleanNode(false))).isEqualTo("false");
        assertThat(attribute(JSON.getNodeFactory().nullNode())).isEqualTo("null");
    }

    // ---- policy documents ------------------------------------------------------------------

    @Test
    void aCanonicalPolicyDocumentReadsAsJsonencodeOfAnHclObject() {
        String content = "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"default\":{"
                + "\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"opt_out_policy\":{\"@@assign\":\"optOut\","
                + "\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}}";
        ObjectNode body = JSON.createObjectNode();
        body.put("content", content);
        body.put("name", "ai-optout-all-services");
        assertThat(TerraformHcl.render(resource(body))).isEqualTo("""
                resource "aws_thing" "t" {
                  content = jsonencode({
                    services = {
                      "@@operators_allowed_for_child_policies" = ["@@none"]
                      default = {
                        "@@operators_allowed_for_child_policies" = ["@@none"]
                        opt_out_policy = {
                          "@@assign"                               = "optOut"
                          "@@operators_allowed_for_child_policies" = ["@@none"]
                        }
                      }
                    }
                  })
                  name = "ai-optout-all-services"
                }
                """);
    }

    @Test
    void jsonencodeContentKeepsItsStringsLiteralAndEscapedAsJsonencodeWould() {
        // Canonical: keys sorted, compact, <>& escaped as Go does. Template sequences must stay text.
        String content =
                "{\"a\":\"\\u003cb\\u003e \\u0026 \\\"q\\\" \\\\ line\\nbreak\",\"b\":[\"x\",\"y\"],\"c\":true,\"d\":1,\"e\":null,"
                        + "\"f\":\"${not.a.reference} %{if x}y%{endif}\"}";
        assertThat(HclValues.canonicalDocument(content))
                .as("template sequences: never jsonencode")
                .isNull();
        String withoutTemplates = content.replace("${not.a.reference} %{if x}y%{endif}", "plain");
        assertThat(attribute(withoutTemplates)).isEqualTo("""
                jsonencode({
                    a = "<b> & \\"q\\" \\\\ line\\nbreak"
                    b = ["x", "y"]
                    c = true
                    d = 1
                    e = null
                    f = "plain"
                  })""");
        // With template sequences, the string is not turned into jsonencode: it stays a quoted template.
        assertThat(attribute(content)).startsWith("\"{\\\"a\\\":").contains("${not.a.reference}");
    }

    @Test
    void jsonencodeContentWithObjectsInListsIsWrittenOneElementALine() {
        // An IAM-style document: canonical JSON with a list of objects.
        String content = "{\"Statement\":[{\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\"},{\"Effect\":\"Deny\"}],"
                + "\"Version\":\"2012-10-17\"}";
        assertThat(attribute(content)).isEqualTo("""
                jsonencode({
                    Statement = [
                      {
                        Action = ["s3:GetObject"]
                        Effect = "Allow"
                      },
                      {
                        Effect = "Deny"
                      },
                    ]
                    Version = "2012-10-17"
                  })""");
    }

    @Test
    void jsonencodeObjectKeysThatLookLikeTemplatesAreEscaped() {
        String content = "{\"$${a}\":\"x\"}";
        // "$${a}" contains "${": not converted (the JSON syntax would read it as an escape anyway).
        assertThat(attribute(content)).isEqualTo("\"{\\\"$${a}\\\":\\\"x\\\"}\"");
    }

    @Test
    void nonCanonicalJsonStringsStayQuotedStrings() {
        // Pretty-printed: jsonencode would drop the whitespace.
        assertThat(attribute("{\n  \"a\": \"b\"\n}")).isEqualTo("\"{\\n  \\\"a\\\": \\\"b\\\"\\n}\"");
        // Keys out of order: jsonencode would sort them.
        assertThat(attribute("{\"b\":1,\"a\":2}")).isEqualTo("\"{\\\"b\\\":1,\\\"a\\\":2}\"");
        // A raw < where jsonencode writes \u003c.
        assertThat(attribute("{\"a\":\"<\"}")).isEqualTo("\"{\\\"a\\\":\\\"<\\\"}\"");
        // A space after the colon.
        assertThat(attribute("{\"a\": 1}")).isEqualTo("\"{\\\"a\\\": 1}\"");
        // Not an object, or not JSON at all.
        assertThat(attribute("[\"a\",\"b\"]")).isEqualTo("\"[\\\"a\\\",\\\"b\\\"]\"");
        assertThat(attribute("{not json}")).isEqualTo("\"{not json}\"");
        assertThat(attribute("{\"a\":1} trailing")).isEqualTo("\"{\\\"a\\\":1} trailing\"");
        // A float jsonencode might write differently.
        assertThat(attribute("{\"a\":1.50}")).isEqualTo("\"{\\\"a\\\":1.50}\"");
    }

    @Test
    void canonicalDocumentAcceptsExactlyWhatJsonencodeWrites() {
        assertThat(HclValues.canonicalDocument("{\"a\":\"b\"}")).isNotNull();
        assertThat(HclValues.canonicalDocument("{}")).isNotNull();
        assertThat(HclValues.canonicalDocument("{\"a\":\"\\u003c\"}")).isNotNull();
        assertThat(HclValues.canonicalDocument("{\"a\":\"<\"}")).isNull();
        assertThat(HclValues.canonicalDocument("{\"b\":1,\"a\":2}")).isNull();
        assertThat(HclValues.canonicalDocument("{\"a\":\"${x}\"}")).isNotNull();
        assertThat(HclValues.canonicalDocument("{\"a\":\"${x} \"}")).isNull();
        assertThat(HclValues.canonicalDocument("{\"a\":\"${f(x)}\"}")).isNull();
        assertThat(HclValues.canonicalDocument("{\"a\":\"%{x}\"}")).isNull();
        assertThat(HclValues.canonicalDocument("{\"${x}\":\"a\"}")).isNull();
        assertThat(HclValues.canonicalDocument("{\"a\":[\"${x.y[0].z}\",\"${x}y\"]}"))
                .isNull();
        assertThat(HclValues.canonicalDocument("\"{}\"")).isNull();
        assertThat(HclValues.canonicalDocument("{\"a\":1}{\"b\":2}")).isNull();
    }

    @Test
    void aDocumentWhoseValuesAreWholeReferencesReadsAsJsonencodeOfThem() {
        // A topic policy naming resources of the same configuration.
        String policy = "{\"Statement\":[{\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":"
                + "\"${aws_cloudwatch_event_rule.tamper_alerts.arn}\"}},\"Resource\":\"${aws_sns_topic.t.arn}\","
                + "\"Sid\":\"S\"}],\"Version\":\"2012-10-17\"}";
        assertThat(attribute(policy)).isEqualTo("""
                jsonencode({
                    Statement = [
                      {
                        Condition = {
                          ArnEquals = {
                            "aws:SourceArn" = aws_cloudwatch_event_rule.tamper_alerts.arn
                          }
                        }
                        Resource = aws_sns_topic.t.arn
                        Sid      = "S"
                      },
                    ]
                    Version = "2012-10-17"
                  })""");
    }

    @Test
    void theProviderOfAResourceOrDataSourceIsAReference() {
        assertThat(render("""
                {'data': {'aws_region': {'r': {'provider': 'aws.us_east_1'}}},
                 'resource': {'aws_sns_topic': {'t': {'name': 'n', 'provider': 'aws.us_east_1'}}}}""")).isEqualTo("""
                data "aws_region" "r" {
                  provider = aws.us_east_1
                }

                resource "aws_sns_topic" "t" {
                  name     = "n"
                  provider = aws.us_east_1
                }
                """);
    }
}
