package io.winnow.common.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock file {@code .OUT.lock} beside OUT, holding the writer's process id under an OS file
 * lock, so a second writer to the same OUT is refused with the first one's id. The OS drops the
 * lock when its process dies, so a stale lock file never blocks anyone.
 */
final class OutputLock {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static OutputLock acquire(Path target, String shownAs) {
        Path file = TempName.lockFile(target);
        String pid = Long.toString(ProcessHandle.current().pid());
        try {
            for (int attempt = 0; attempt < 10; attempt++) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    String holder = holder(channel);
                    channel.close();
                    throw new OutputException(shownAs + " is being written by process " + holder
                            + "; wait for it to finish or choose another --out");
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(pid.getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(true);
                // The previous holder deletes the file before it unlocks: if it did so after we opened
                // it, we hold a lock on a deleted file, and the path may name a newer one. Retry then.
                if (pid.equals(readPath(file))) {
                    return new OutputLock(file, channel, lock);
                }
                lock.release();
                channel.close();
            }
        } catch (IOException e) {
            throw new OutputException("cannot lock " + shownAs + " (" + file + "): " + e.getMessage(), e);
        }
        throw new OutputException("cannot lock " + shownAs + ": " + file + " keeps changing; is another Winnow writing it?");
    }

    void release() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new OutputException("cannot release the lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d{1,18}") ? text : "(unknown)";
    }

    private static String readPath(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
