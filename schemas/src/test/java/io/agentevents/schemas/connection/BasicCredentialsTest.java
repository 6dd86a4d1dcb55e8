package io.agentevents.schemas.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BasicCredentialsTest {

    @Test
    void aHeaderWrittenIsReadBack() {
        String header = BasicCredentials.header("agent:s3cret:with-colon");
        assertThat(header).isEqualTo("Basic YWdlbnQ6czNjcmV0OndpdGgtY29sb24=");
        assertThat(BasicCredentials.parse(header))
                .contains(new BasicCredentials("agent", Secret.of("s3cret:with-colon")));
        assertThat(BasicCredentials.parse("bAsIc " + header.substring(6) + " ")).as("scheme in any case")
                .map(BasicCredentials::user).contains("agent");
        assertThat(BasicCredentials.parse(BasicCredentials.header(":"))).contains(new BasicCredentials("", Secret.of("")));
    }

    @Test
    void anythingElseIsEmpty() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("")).isEmpty();
        assertThat(BasicCredentials.parse("Basic")).isEmpty();
        assertThat(BasicCredentials.parse(" " + BasicCredentials.header("a:b"))).as("not trimmed").isEmpty();
        assertThat(BasicCredentials.parse(BasicCredentials.header("no-colon"))).isEmpty();
        assertThat(BasicCredentials.parse("Bearer YTpi")).isEmpty();
        assertThat(BasicCredentials.parse("Basic !!!not-base64")).isEmpty();
    }

    @Test
    void printsWithoutThePassword() {
        assertThat(new BasicCredentials("agent", Secret.of("s3cret")).toString()).contains("agent").doesNotContain("s3cret");
    }
}
