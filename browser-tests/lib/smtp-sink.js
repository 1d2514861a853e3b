// A throw-away SMTP server that accepts every mail and keeps it, so that Keycloak's e-mail pages (verify e-mail)
// render as they do in production, and a test can follow the link in the mail. Plain SMTP, no TLS, no auth.
import net from "node:net";

export async function startSmtpSink() {
  const mails = [];
  const waiting = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    let data = null;
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let i;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data !== null) {
          if (line === ".") {
            mails.push(data);
            waiting.splice(0).forEach((resolve) => resolve());
            data = null;
            socket.write("250 OK\r\n");
          } else data += line + "\n";
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-sink\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") { data = ""; socket.write("354 end with .\r\n"); }
        else if (verb === "QUIT") { socket.end("221 bye\r\n"); }
        else socket.write("250 OK\r\n");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    /** The first mail to `to` (waits for it), decoded from quoted-printable enough to read its links. */
    async mailTo(to, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = mails.find((m) => m.includes(to));
        if (mail) return mail.replace(/=\n/g, "").replace(/=3D/g, "=");
        if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
        await new Promise((resolve) => { waiting.push(resolve); setTimeout(resolve, 500); });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
