package io.agentevents.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module edges of {@code docs/architecture.md}, enforced: the table there is what every
 * module's pom declares, the compiled classes of a module use only the modules it may depend on
 * (directly or through them), and an {@code internal} package is used by its own module only.
 */
class ModuleStructureTest {

    /** Modules that may reach other modules' {@code internal} packages, and why. */
    private static final Map<String, String> INTERNAL_READERS = Map.of(
            "benchmarks", "JMH micro-benchmarks measure internal steps (the subscriber's header routing) in isolation");

    private static Path root;
    private static ModuleTable table;
    private static Map<String, ModulePom> poms;
    private static Map<String, String> moduleOfClass;
    private static JavaClasses classes;

    @BeforeAll
    static void read() {
        root = Path.of("").toAbsolutePath().getParent();
        table = ModuleTable.read(root.resolve("docs/architecture.md"));
        poms = ModulePom.readAll(root);
        moduleOfClass = new HashMap<>();
        ClassFileImporter importer = new ClassFileImporter();
        List<Path> compiled = poms.keySet().stream()
                .map(module -> root.resolve(module).resolve("target/classes"))
                .filter(Files::isDirectory)
                .toList();
        classes = importer.importPaths(compiled);
        for (JavaClass javaClass : classes) {
            String location = javaClass.getSource().orElseThrow().getUri().getPath();
            String module = root.relativize(Path.of(location)).getName(0).toString();
            moduleOfClass.put(javaClass.getName(), module);
        }
    }

    @Test
    void theTableNamesEveryModuleOfTheBuild() {
        assertThat(table.modules()).as("modules in docs/architecture.md's table")
                .containsExactlyInAnyOrderElementsOf(poms.keySet());
    }

    @Test
    void everyPomDeclaresExactlyTheModulesTheTableAllows() {
        for (Map.Entry<String, ModulePom> pom : poms.entrySet()) {
            assertThat(pom.getValue().moduleDependencies())
                    .as("project modules that %s/pom.xml depends on outside tests (docs/architecture.md says %s)",
                            pom.getKey(), table.dependencies(pom.getKey()))
                    .containsExactlyInAnyOrderElementsOf(table.dependencies(pom.getKey()));
        }
    }

    @Test
    void everyShippedModuleHasCompiledClasses() {
        for (String module : poms.keySet()) {
            if (poms.get(module).hasMainCode()) {
                assertThat(moduleOfClass.values()).as("classes of %s (built before this module)", module)
                        .contains(module);
            }
        }
    }

    @Test
    void classesUseOnlyTheModulesTheirModuleMayDependOn() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass origin : classes) {
            String from = moduleOfClass.get(origin.getName());
            Set<String> allowed = table.reachable(from);
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                String to = moduleOfClass.get(dependency.getTargetClass().getName());
                if (to != null && !to.equals(from) && !allowed.contains(to)) {
                    violations.add(from + " -> " + to + ": " + dependency.getDescription());
                }
            }
        }
        assertThat(violations).as("uses of modules outside docs/architecture.md's edges").isEmpty();
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirModule() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass origin : classes) {
            String from = moduleOfClass.get(origin.getName());
            if (INTERNAL_READERS.containsKey(from)) {
                continue;
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                String to = moduleOfClass.get(target.getName());
                if (to != null && !to.equals(from) && isInternal(target.getPackageName())) {
                    violations.add(from + " -> " + to + ": " + dependency.getDescription());
                }
            }
        }
        assertThat(violations).as("uses of another module's internal package").isEmpty();
    }

    @Test
    void theTableRefusesAnEdgeItDoesNotList() {
        // The check above is only as good as the table's parsing: a module never reaches a module
        // that depends on it (the graph has no cycles), and schemas reaches nothing.
        assertThat(table.reachable("schemas")).isEmpty();
        for (String module : table.modules()) {
            for (String dependency : table.reachable(module)) {
                assertThat(table.reachable(dependency)).as("%s depends on %s and back", module, dependency)
                        .doesNotContain(module);
            }
        }
    }

    private static boolean isInternal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }

    /** The "Module edges" table of docs/architecture.md: each module and the modules it may depend on. */
    record ModuleTable(Map<String, Set<String>> edges) {
        private static final String HEADING = "### Module edges";

        static ModuleTable read(Path markdown) {
            List<String> lines = readLines(markdown);
            int start = lines.indexOf(HEADING);
            assertThat(start).as("'%s' in %s", HEADING, markdown).isNotNegative();
            Map<String, Set<String>> edges = new HashMap<>();
            for (String line : lines.subList(start + 1, lines.size())) {
                if (line.startsWith("#")) {
                    break;
                }
                if (!line.startsWith("| `")) {
                    continue;
                }
                String[] cells = line.split("\\|");
                String module = cells[1].trim().replace("`", "");
                Set<String> dependencies = new LinkedHashSet<>();
                for (String name : cells[2].replaceAll("\\(.*\\)", "").split(",")) {
                    String dependency = name.trim().replace("`", "");
                    if (!dependency.isEmpty() && !dependency.equals("-")) {
                        dependencies.add(dependency);
                    }
                }
                edges.put(module, dependencies);
            }
            return new ModuleTable(edges);
        }

        Set<String> modules() {
            return edges.keySet();
        }

        Set<String> dependencies(String module) {
            return edges.getOrDefault(module, Set.of());
        }

        /** Every module this one may use: its dependencies and theirs. */
        Set<String> reachable(String module) {
            Set<String> seen = new TreeSet<>();
            Deque<String> next = new ArrayDeque<>(dependencies(module));
            while (!next.isEmpty()) {
                String dependency = next.pop();
                if (seen.add(dependency)) {
                    next.addAll(dependencies(dependency));
                }
            }
            return seen;
        }
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
