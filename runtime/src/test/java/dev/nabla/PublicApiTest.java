package dev.nabla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module exports the user API and the internal package generated code needs, and no type of
 * the user API lets an internal type through its public signatures.
 */
class PublicApiTest {
  private static final String INTERNAL = "dev.nabla.internal";
  private static final Module RUNTIME = NablaModel.class.getModule();

  @Test
  void theModuleExportsTheUserApiAndTheInternalPackageOnly() {
    ModuleDescriptor descriptor = RUNTIME.getDescriptor();
    assertNotNull(descriptor, "the runtime must run as the named module dev.nabla in its tests");
    Set<String> exported = descriptor.exports().stream()
        .map(export -> export.source() + (export.isQualified() ? " to " + export.targets() : ""))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("dev.nabla", "dev.nabla.data", "dev.nabla.init",
        "dev.nabla.io", "dev.nabla.kernel", "dev.nabla.optim", "dev.nabla.train", INTERNAL)),
        exported);
  }

  @Test
  void theKernelPackageOffersOnlyTheWarmUpAndTheImplementationQuery() throws Exception {
    List<String> kernelApi = new ArrayList<>();
    for (Class<?> type : apiTypes()) {
      if (type.getPackageName().equals("dev.nabla.kernel")) {
        for (Method method : type.getDeclaredMethods()) {
          if (visible(method.getModifiers())) {
            kernelApi.add(type.getSimpleName() + "." + method.getName());
          }
        }
      }
    }
    kernelApi.sort(null);
    assertEquals(List.of("Kernels.implementation", "Kernels.warmUp"), kernelApi);
  }

  @Test
  void noPublicSignatureOfTheUserApiNamesAnInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : apiTypes()) {
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers())) {
          check(leaks, method, method.getReturnType());
          checkParameters(leaks, method);
        }
      }
      for (var constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers())) {
          checkParameters(leaks, constructor);
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers())) {
          check(leaks, field, field.getType());
        }
      }
      if (type.getSuperclass() != null) {
        check(leaks, type, type.getSuperclass());
      }
      for (Class<?> implemented : type.getInterfaces()) {
        check(leaks, type, implemented);
      }
    }
    assertEquals(List.of(), leaks);
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkParameters(List<String> leaks, Executable executable) {
    for (Class<?> parameter : executable.getParameterTypes()) {
      check(leaks, executable, parameter);
    }
  }

  private static void check(List<String> leaks, Object member, Class<?> used) {
    Class<?> element = used.isArray() ? used.componentType() : used;
    if (element.getPackageName().equals(INTERNAL)) {
      leaks.add(member + " names " + element.getName());
    }
  }

  /** The public types of the exported packages other than the internal one, tests excluded. */
  private static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
    URL main = NablaModel.class.getProtectionDomain().getCodeSource().getLocation();
    List<Class<?>> types = new ArrayList<>();
    try (ModuleReader reader = ModuleLayer.boot().configuration().findModule("dev.nabla")
        .orElseThrow().reference().open(); Stream<String> names = reader.list()) {
      for (String name : names.filter(n -> n.endsWith(".class") && !n.contains("module-info"))
          .toList()) {
        Class<?> type = Class.forName(name.replace('/', '.').replace(".class", ""), false,
            PublicApiTest.class.getClassLoader());
        boolean api = RUNTIME.isExported(type.getPackageName())
            && !type.getPackageName().equals(INTERNAL);
        if (api && Modifier.isPublic(type.getModifiers())
            && Objects.equals(type.getProtectionDomain().getCodeSource().getLocation(), main)) {
          types.add(type);
        }
      }
    }
    return types;
  }
}
