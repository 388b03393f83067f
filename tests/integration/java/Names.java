// SPDX-License-Identifier: MIT
// Ground truth for t-java-names.py: with a thread of its own running
// ("ct-worker", named at creation), the JVM writes the tid and the name
// (/proc/self/task/TID/comm) of each of its threads to the file args[0].
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.CountDownLatch;

public class Names {
    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1), done = new CountDownLatch(1);
        Thread w = new Thread(() -> {
            started.countDown();
            try { done.await(); } catch (InterruptedException e) { }
        }, "ct-worker");
        w.start();
        started.await();
        Thread.sleep(200);  // the JVM's own threads have named themselves by now
        StringBuilder out = new StringBuilder();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path p : d) {
                String comm = new String(Files.readAllBytes(p.resolve("comm"))).trim();
                out.append(p.getFileName()).append(' ').append(comm).append('\n');
            }
        }
        Files.write(Paths.get(args[0] + ".tmp"), out.toString().getBytes());
        Files.move(Paths.get(args[0] + ".tmp"), Paths.get(args[0]), StandardCopyOption.ATOMIC_MOVE);
        done.countDown();
        w.join();
    }
}
