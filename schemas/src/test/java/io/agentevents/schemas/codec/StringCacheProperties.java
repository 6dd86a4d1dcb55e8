package io.agentevents.schemas.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache gives exactly the text {@code new String(bytes, UTF_8)} gives, shared when it repeats. */
class StringCacheProperties {

    private final StringCache cache = new StringCache();

    @Property(tries = 2_000)
    void anyBytesDecodeAsTheJdkDecodesThem(@ForAll @Size(max = 100) byte[] bytes, @ForAll @IntRange(max = 3) int offset) {
        byte[] data = new byte[offset + bytes.length + 2];
        System.arraycopy(bytes, 0, data, offset, bytes.length);
        String expected = new String(bytes, StandardCharsets.UTF_8);

        String first = cache.text(data, offset, bytes.length);
        String again = cache.text(data.clone(), offset, bytes.length);

        assertThat(first).isEqualTo(expected);
        assertThat(again).isEqualTo(expected);
        if (bytes.length <= StringCache.MAX_BYTES) {
            assertThat(again).as("a short text seen just before is shared").isSameAs(first);
        }
    }

    @Property(tries = 200)
    void differentTextsInTheSameSlotNeverGetEachOthersString(@ForAll("ascii") String a, @ForAll("ascii") String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        assertThat(cache.text(x, 0, x.length)).isEqualTo(a);
        assertThat(cache.text(y, 0, y.length)).isEqualTo(b);
        assertThat(cache.text(x, 0, x.length)).isEqualTo(a);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> ascii() {
        return net.jqwik.api.Arbitraries.strings().ascii().ofMaxLength(70);
    }
}
