// DynamoDB Local's own command line, listening on loopback only. DynamoDB Local has no setting for
// the address it binds and listens on every interface, with no authentication; this builds its
// server from the same arguments, points the server's connectors at 127.0.0.1 before it starts,
// and runs it as its `main` would (without the usage reports its `main` turns on). It stops when its
// standard input ends: the process that started it holds that pipe, so a parent that is gone
// without stopping it (a crashed test run) leaves it nobody to serve.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector");
    for (Connector connector : connectors) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    Thread lifeline = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is sent on it; only its end matters.
        }
      } catch (java.io.IOException ignored) {
        // A pipe that broke is a parent that is gone.
      }
      System.exit(0);
    });
    lifeline.setDaemon(true);
    lifeline.start();
    proxy.start();
    System.out.println("Listening on loopback only (127.0.0.1)");
    proxy.join();
  }
}
