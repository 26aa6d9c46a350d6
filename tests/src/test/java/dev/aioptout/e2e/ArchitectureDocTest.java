package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * docs/architecture.md is the map a new maintainer reads first: it must name every module the
 * build has, and its module diagram must say who uses whom as the poms do. The diagram draws only
 * the direct edges a reader needs, so the two are compared as what each module reaches.
 */
class ArchitectureDocTest {

    private static final Pattern NODE = Pattern.compile("(\\w+)\\[([a-z-]+)[]:]");
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+)(?:\\[[^]]*])?\\s*-->\\s*(\\w+)\\s*$");

    private static String doc;
    private static Map<String, Set<String>> poms;

    @BeforeAll
    static void read() throws Exception {
        doc = Files.readString(E2e.root().resolve("docs/architecture.md"));
        poms = pomDependencies();
    }

    @Test
    void theModuleTableNamesEveryModuleOfTheBuild() {
        assertThat(poms).isNotEmpty();
        for (String module : poms.keySet()) {
            assertThat(doc)
                    .as("a row for %s in docs/architecture.md's module table", module)
                    .contains("\n| `" + module + "` |");
        }
    }

    @Test
    void theModuleDiagramReachesWhatThePomsReach() {
        Map<String, Set<String>> drawn = diagram();
        assertThat(drawn.keySet()).as("the modules in the diagram").isEqualTo(poms.keySet());
        for (String module : poms.keySet()) {
            assertThat(reach(drawn, module))
                    .as("what %s uses, by the diagram (left) and by the poms", module)
                    .isEqualTo(reach(poms, module));
        }
    }

    /** The module diagram: the first flowchart drawn bottom to top, by module name. */
    private static Map<String, Set<String>> diagram() {
        int start = doc.indexOf("```mermaid\nflowchart BT\n");
        assertThat(start).as("the module diagram").isNotNegative();
        List<String> lines =
                doc.substring(start, doc.indexOf("\n```", start + 3)).lines().toList();
        Map<String, String> names = new TreeMap<>();
        for (String line : lines) {
            Matcher node = NODE.matcher(line);
            while (node.find()) {
                names.put(node.group(1), node.group(2));
            }
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        names.values().forEach(name -> uses.put(name, new TreeSet<>()));
        for (String line : lines) {
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                assertThat(names).as("the diagram names its nodes").containsKeys(edge.group(1), edge.group(2));
                uses.get(names.get(edge.group(1))).add(names.get(edge.group(2)));
            }
        }
        return uses;
    }

    /**
     * Every module of the parent pom, by its folder's name, with the ai-optout modules it depends
     * on; test-scoped dependencies count only for the modules that are tests themselves.
     */
    private static Map<String, Set<String>> pomDependencies() throws Exception {
        Element parent = xml(E2e.root().resolve("pom.xml"));
        Map<String, String> byArtifact = new TreeMap<>();
        List<Path> folders = new ArrayList<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            Path folder = E2e.root().resolve(module.getTextContent().strip());
            folders.add(folder);
            byArtifact.put(text(xml(folder.resolve("pom.xml")), "artifactId"), name(folder));
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path folder : folders) {
            Set<String> used = new TreeSet<>();
            Element dependencies = child(xml(folder.resolve("pom.xml")), "dependencies");
            for (Element dependency :
                    dependencies == null ? List.<Element>of() : children(dependencies, "dependency")) {
                String module = byArtifact.get(text(dependency, "artifactId"));
                boolean test = "test".equals(text(dependency, "scope"));
                boolean testModule = Set.of("tests", "bench").contains(name(folder));
                if (module != null && !module.equals(name(folder)) && (!test || testModule)) {
                    used.add(module);
                }
            }
            uses.put(name(folder), used);
        }
        return uses;
    }

    private static Set<String> reach(Map<String, Set<String>> uses, String from) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(uses.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(uses.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    private static String name(Path folder) {
        return folder.getFileName().toString();
    }

    private static Element xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent().strip();
    }
}
