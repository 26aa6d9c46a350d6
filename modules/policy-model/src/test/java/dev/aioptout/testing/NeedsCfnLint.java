package dev.aioptout.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/** A test that runs cfn-lint; the quick tier leaves it out. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(ExternalTools.TAG)
@Tag("cfn-lint")
public @interface NeedsCfnLint {}
