package dev.aioptout.policy;

import static dev.aioptout.policy.ValueOperator.APPEND;
import static dev.aioptout.policy.ValueOperator.ASSIGN;
import static dev.aioptout.policy.ValueOperator.REMOVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildControlTest {

    @Test
    void constantsMeanWhatTheirNamesSay() {
        assertThat(ChildControl.ALL.isAll()).isTrue();
        assertThat(ChildControl.ALL.allowsAssign()).isTrue();
        assertThat(ChildControl.NONE.allowsAssign()).isFalse();
        assertThat(ChildControl.NONE.allowed()).isEmpty();
        assertThat(ChildControl.ASSIGN_ONLY.allowsAssign()).isTrue();
        assertThat(ChildControl.ASSIGN_ONLY.isAll()).isFalse();
        assertThat(ChildControl.KEY).isEqualTo("@@operators_allowed_for_child_policies");
    }

    @Test
    void jsonForm() {
        assertThat(ChildControl.ALL.toJson()).containsExactly("@@all");
        assertThat(ChildControl.NONE.toJson()).containsExactly("@@none");
        assertThat(ChildControl.ASSIGN_ONLY.toJson()).containsExactly("@@assign");
        assertThat(new ChildControl(EnumSet.of(REMOVE, ASSIGN)).toJson()).containsExactly("@@assign", "@@remove");
        // Every operator listed is the same as @@all.
        assertThat(new ChildControl(Set.of(ASSIGN, APPEND, REMOVE)).toJson()).containsExactly("@@all");
    }

    @Test
    void intersectionKeepsOnlyWhatBothAllow() {
        assertThat(ChildControl.ALL.intersect(ChildControl.ASSIGN_ONLY)).isEqualTo(ChildControl.ASSIGN_ONLY);
        assertThat(ChildControl.ASSIGN_ONLY.intersect(ChildControl.ALL)).isEqualTo(ChildControl.ASSIGN_ONLY);
        assertThat(ChildControl.ASSIGN_ONLY.intersect(ChildControl.NONE)).isEqualTo(ChildControl.NONE);
        assertThat(ChildControl.NONE.intersect(ChildControl.ALL)).isEqualTo(ChildControl.NONE);
        assertThat(ChildControl.ALL.intersect(ChildControl.ALL)).isEqualTo(ChildControl.ALL);
        assertThat(new ChildControl(Set.of(ASSIGN, APPEND)).intersect(new ChildControl(Set.of(APPEND, REMOVE))))
                .isEqualTo(new ChildControl(Set.of(APPEND)));
    }

    @Test
    void intersectionNeverWidens() {
        for (ChildControl a : new ChildControl[] {ChildControl.ALL, ChildControl.NONE, ChildControl.ASSIGN_ONLY}) {
            for (ChildControl b : new ChildControl[] {ChildControl.ALL, ChildControl.NONE, ChildControl.ASSIGN_ONLY}) {
                ChildControl both = a.intersect(b);
                assertThat(a.allowed()).containsAll(both.allowed());
                assertThat(b.allowed()).containsAll(both.allowed());
                assertThat(both).isEqualTo(b.intersect(a));
            }
        }
    }

    @Test
    void onlyAllAssignAndNoneAreDocumentedForAiPolicies() {
        assertThat(ChildControl.ALL.documented()).isTrue();
        assertThat(ChildControl.NONE.documented()).isTrue();
        assertThat(ChildControl.ASSIGN_ONLY.documented()).isTrue();
        assertThat(new ChildControl(Set.of(APPEND)).documented()).isFalse();
        assertThat(new ChildControl(Set.of(REMOVE)).documented()).isFalse();
        assertThat(new ChildControl(Set.of(ASSIGN, APPEND)).documented()).isFalse();
        assertThat(new ChildControl(Set.of(ASSIGN, APPEND, REMOVE)).documented())
                .as("every operator is @@all")
                .isTrue();
    }

    @Test
    void allowedSetIsACopy() {
        EnumSet<ValueOperator> mutable = EnumSet.of(ASSIGN);
        ChildControl control = new ChildControl(mutable);
        mutable.clear();
        assertThat(control.allowsAssign()).isTrue();
    }
}
