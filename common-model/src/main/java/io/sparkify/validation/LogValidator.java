package io.sparkify.validation;

import io.sparkify.io.IoErrors;
import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.RejectReason;
import io.sparkify.model.json.DecodeResult;
import io.sparkify.model.json.EventCodec;
import java.io.IOException;

/** Streams a log through the codec and accounts for every line. Constant memory. */
public final class LogValidator {

    private final EventCodec codec;

    public LogValidator(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * @throws IOException when the input cannot be read to its end; the message names the
     *     source and the last line read
     */
    public ValidationSummary validate(LogInput input) throws IOException {
        LineReader reader = input.lines(codec.maxLineBytes());
        RejectCounts rejects = new RejectCounts();
        long valid = 0;
        long blank = 0;
        try {
            while (reader.next()) {
                DecodeResult result = reader.tooLong()
                        ? DecodeResult.rejected(RejectReason.LINE_TOO_LONG,
                                reader.trueLength() + " bytes, limit " + codec.maxLineBytes())
                        : codec.decode(reader.buffer(), 0, reader.length());
                if (result.isValid()) {
                    valid++;
                } else if (result.reason() == RejectReason.BLANK) {
                    blank++;
                } else {
                    rejects.record(result.reason(), reader.lineNumber(), result.detail());
                }
            }
        } catch (IOException e) {
            throw new IOException(input.name() + ": read failed after line " + reader.lineNumber() + ": "
                    + IoErrors.reason(e), e);
        }
        return new ValidationSummary(input.name(), input.gzipped(), reader.lineNumber(), valid, rejects.total(),
                blank, rejects);
    }
}
