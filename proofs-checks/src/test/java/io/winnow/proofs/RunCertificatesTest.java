package io.winnow.proofs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunCertificatesTest {

    private static ObjectNode report(String target) throws Exception {
        String selection = "{\"rule\": \"optimizeGamma\", " + (target == null ? "" : "\"target\": \"" + target + "\", ")
                + "\"initialLoss\": 1.0, \"finalLoss\": 1.0, \"lossScale\": 1.0, \"dimension\": 10, \"steps\": []}";
        return (ObjectNode) new ObjectMapper().readTree("{\"layers\": [{\"layers\": [\"a\"], \"selection\": "
                + selection + "}]}");
    }

    @Test
    void aLayerImitatingTheOriginalNetworksActivationsIsNotCertified() throws Exception {
        ObjectNode report = report("originalActivations");
        RunCertificates.Outcome outcome = RunCertificates.attach(report);
        assertThat(outcome.uncertifiedLayers()).isEqualTo(1);
        assertThat(outcome.certificates()).isEmpty();
        assertThat(report.at("/layers/0/certificate/applies").asBoolean()).isFalse();
        assertThat(report.at("/layers/0/certificate/why").asText()).contains("originalActivations");
    }

    @Test
    void layersWithTheDefaultTargetOrNoneRecordedAreCertified() throws Exception {
        for (String target : new String[] {"sameInput", null}) {
            ObjectNode report = report(target);
            RunCertificates.Outcome outcome = RunCertificates.attach(report);
            assertThat(outcome.uncertifiedLayers()).isZero();
            assertThat(report.at("/layers/0/certificate/applies").asBoolean()).isTrue();
        }
    }
}
