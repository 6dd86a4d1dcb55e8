package io.agentevents.architecture;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one module's {@code pom.xml} says about the project: the project modules it depends on
 * outside tests, and whether it has main code.
 */
record ModulePom(String module, Set<String> moduleDependencies, boolean hasMainCode) {
    private static final String GROUP = "io.agentevents";

    /** Every module the parent pom lists, by directory name. */
    static Map<String, ModulePom> readAll(Path root) {
        Map<String, ModulePom> modules = new TreeMap<>();
        NodeList names = parse(root.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < names.getLength(); i++) {
            String module = names.item(i).getTextContent().trim();
            modules.put(module, read(root, module));
        }
        return modules;
    }

    private static ModulePom read(Path root, String module) {
        Path directory = root.resolve(module);
        Set<String> dependencies = new TreeSet<>();
        NodeList declared = parse(directory.resolve("pom.xml")).getElementsByTagName("dependency");
        for (int i = 0; i < declared.getLength(); i++) {
            Element dependency = (Element) declared.item(i);
            if (dependency.getParentNode().getParentNode().getNodeName().equals("dependencyManagement")) {
                continue;
            }
            if (GROUP.equals(text(dependency, "groupId")) && !"test".equals(text(dependency, "scope"))) {
                dependencies.add(text(dependency, "artifactId"));
            }
        }
        return new ModulePom(module, dependencies, Files.isDirectory(directory.resolve("src/main/java")));
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }
}
