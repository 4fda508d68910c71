// SMS segments, counted as the server counts them (delivery/SmsSegments.java): GSM-7 when every character is in
// the GSM 03.38 basic set or its extension table (extension characters take two septets), 160 in one segment and
// 153 per part; otherwise UCS-2, 70 UTF-16 units in one segment and 67 per part. An escape sequence or a surrogate
// pair never splits across two parts.
(function () {
  'use strict';
  const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  const EXTENSION = '\f^{}\\[~]|€';

  function isGsm7(text) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) return false;
    }
    return true;
  }

  function unitsAt(text, i, gsm) {
    const c = text.charCodeAt(i);
    if (gsm) return EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
    const high = c >= 0xD800 && c <= 0xDBFF;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    return high && next >= 0xDC00 && next <= 0xDFFF ? 2 : 1;
  }

  function count(text) {
    if (!text) return { encoding: 'GSM-7', segments: 0, characters: 0 };
    const gsm = isGsm7(text);
    const single = gsm ? 160 : 70;
    const perPart = gsm ? 153 : 67;
    let total = 0, segments = 1, used = 0;
    for (let i = 0; i < text.length;) {
      const units = unitsAt(text, i, gsm);
      total += units;
      if (used + units > perPart) { segments++; used = 0; }
      used += units;
      i += gsm ? 1 : units;
    }
    return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: total <= single ? 1 : segments, characters: total };
  }

  window.SmsSegments = { count, isGsm7 };
})();
