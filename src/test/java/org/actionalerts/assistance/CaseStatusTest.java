package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseStatusTest {
    @Test
    void aCaseMovesAsTheQueueWorks() {
        assertThat(CaseStatus.NEW.next()).containsExactly(CaseStatus.ASSIGNED);
        assertThat(CaseStatus.ASSIGNED.next()).containsExactly(CaseStatus.NEW, CaseStatus.WAITING, CaseStatus.RESOLVED);
        assertThat(CaseStatus.WAITING.next()).containsExactly(CaseStatus.ASSIGNED, CaseStatus.RESOLVED);
        assertThat(CaseStatus.RESOLVED.next()).containsExactly(CaseStatus.ASSIGNED);
    }

    @Test
    void stayingPutIsNoMoveAndIsAllowed() {
        for (CaseStatus s : CaseStatus.values()) {
            assertThat(s.mayBecome(s)).isTrue();
            assertThat(s.next()).doesNotContain(s);
        }
        assertThat(CaseStatus.NEW.mayBecome(CaseStatus.RESOLVED)).isFalse();
        assertThat(CaseStatus.WAITING.nextInWords()).isEqualTo("assigned or resolved");
    }

    @Test
    void theWireNamesAreTheStoredOnes() {
        assertThat(CaseStatus.allInWords()).isEqualTo("new, assigned, waiting, resolved");
        assertThat(CaseStatus.parse("waiting")).contains(CaseStatus.WAITING);
        assertThat(CaseStatus.parse("Waiting")).isEmpty();
        assertThat(CaseStatus.parse("open")).isEmpty();
    }
}
