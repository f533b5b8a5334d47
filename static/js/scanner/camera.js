// The camera, the QR decoding and the signals that phones scanning tickets share: the check-in
// scanner (scanner.js, staff at the entrance) and the booth scanner (booth.js, exhibitors,
// issue #17). What a ticket's QR code holds, how a frame is read (the browser's own
// BarcodeDetector, else the vendored jsQR), the camera kept open and looked at every few
// milliseconds, and a sound with a vibration per kind of result (ok, warn, error).
// A classic script (no module imports: static files get hashed names in production).
(function (scope) {
  "use strict";

  // The ticket's QR code holds its check-in address, …/events/checkin/<token>/ (events/views.py
  // ticket); a bare token is accepted too.
  const CHECKIN_PATH = /(?:^|\/events\/checkin\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

  /** The ticket's token in the text of a QR code, lower case; null when it holds none. */
  function tokenOf(text) {
    let path = String(text).trim();
    try {
      path = new URL(path).pathname;
    } catch {
      // not an address: perhaps the bare token
    }
    const found = path.match(CHECKIN_PATH);
    return found ? found[1].toLowerCase() : null;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }

  /** A function that reads the QR code in a video frame ("" when none): the browser's own
   * BarcodeDetector where it reads QR codes, else jsQR (vendored, scripts/vendor_static.sh),
   * loaded from `jsqrUrl` the first time it is needed. */
  async function makeReader(jsqrUrl) {
    if ("BarcodeDetector" in self) {
      try {
        const formats = await self.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const detector = new self.BarcodeDetector({ formats: ["qr_code"] });
          return async (video) => (await detector.detect(video))[0]?.rawValue || "";
        }
      } catch {
        // fall back to jsQR
      }
    }
    if (!self.jsQR) await loadScript(jsqrUrl);
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async (video) => {
      const scale = Math.min(1, 720 / Math.max(video.videoWidth, video.videoHeight));
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (!width || !height) return "";
      canvas.width = width;
      canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      return self.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" })?.data || "";
    };
  }

  /** Films with the back camera into `video` and plays it; rejects when the camera cannot be
   * opened (refused, or none). */
  async function openCamera(video) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    video.srcObject = stream;
    await video.play();
    return stream;
  }

  /** Looks at `video` every `every` ms while `paused()` says no, and calls `onCode(text)` for a
   * QR code read (awaited: no second look before the first code is dealt with). */
  function watch(video, read, onCode, { every = 120, paused = () => false } = {}) {
    const look = async () => {
      if (!paused() && video.readyState >= 2) {
        try {
          const text = await read(video);
          if (text) await onCode(text);
        } catch {
          // a frame that could not be read: the next one
        }
      }
      setTimeout(look, every);
    };
    look();
  }

  /** What the camera's button does: films into `video` (once, however often it is tapped),
   * hides the button `start` and reads the picture every `every` ms while `paused()` says no,
   * calling `onCode(text)` for each QR code read. When the camera cannot be opened, `message`
   * shows in `error` and the button stays for another try. */
  async function startScanning({ video, start, error, message, jsqrUrl, onCode, every, paused }) {
    if (video.dataset.filming) return;
    video.dataset.filming = "yes";
    unlockSound(); // a tap lets the page make sounds
    error.hidden = true;
    try {
      await openCamera(video);
    } catch {
      error.textContent = message;
      error.hidden = false;
      delete video.dataset.filming;
      return;
    }
    start.hidden = true;
    watch(video, await makeReader(jsqrUrl), onCode, { every, paused });
  }

  // --- Signals: a sound and a vibration per kind of result -----------------------------------

  let audio = null;

  /** Browsers allow sound only after a tap: call from one (the camera's button, any click). */
  function unlockSound() {
    try {
      audio = audio || new AudioContext();
      audio.resume?.();
    } catch {
      // No sound on this browser: the screen and the vibration still tell.
    }
  }

  const TONES = { ok: [[880, 0.12]], warn: [[660, 0.1], [660, 0.1]], error: [[220, 0.45]] };
  const VIBRATIONS = { ok: [80], warn: [80, 60, 80], error: [300, 100, 300] };

  /** A short tone and a vibration for `kind` (ok, warn or error). */
  function signal(kind) {
    if (navigator.vibrate) navigator.vibrate(VIBRATIONS[kind]);
    try {
      audio = audio || new AudioContext();
      let at = audio.currentTime;
      for (const [frequency, length] of TONES[kind]) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = kind === "error" ? "square" : "sine";
        oscillator.frequency.value = frequency;
        gain.gain.value = 0.2;
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(at);
        oscillator.stop(at + length);
        at += length + 0.08;
      }
    } catch {
      // No sound on this browser: the screen and the vibration still tell.
    }
  }

  scope.JetScanner = Object.assign(scope.JetScanner || {}, {
    tokenOf,
    makeReader,
    openCamera,
    watch,
    startScanning,
    unlockSound,
    signal,
  });
})(self);
