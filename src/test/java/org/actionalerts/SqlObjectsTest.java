package org.actionalerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandler;
import org.junit.jupiter.api.Test;

/**
 * A DAO missing from {@link ActionAlertsApplication#SQL_OBJECTS} still works, but Jdbi re-reads its whole
 * interface by reflection on every attach (it was 40% of the inbound webhook's CPU). This keeps the list whole.
 */
class SqlObjectsTest {
    @Test
    void everySqlObjectInterfaceIsStudiedAtStartUp() throws Exception {
        Path classes = Path.of(ActionAlertsApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> found = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (type.isInterface() && Arrays.stream(type.getDeclaredMethods()).anyMatch(SqlObjectsTest::isSql)) {
                    found.add(type);
                }
            }
        }
        assertThat(found).hasSizeGreaterThan(5);
        assertThat(Set.copyOf(ActionAlertsApplication.SQL_OBJECTS))
                .as("ActionAlertsApplication.SQL_OBJECTS")
                .isEqualTo(found.stream().collect(Collectors.toSet()));
    }

    private static boolean isSql(Method method) {
        return Arrays.stream(method.getAnnotations())
                .anyMatch(a -> a.annotationType().isAnnotationPresent(UseExtensionHandler.class));
    }
}
