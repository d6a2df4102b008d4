/**
 * The words the extractor understands, by role and language (English, Russian, Turkish, Spanish,
 * Portuguese, Chinese, Persian, Arabic, and the common words of Vietnamese, German, French,
 * Indonesian and Italian). Adding a language means adding its words here; the
 * rules in `extractor.ts` are language-independent.
 *
 * Terms are matched case-insensitively; a space or hyphen inside a term also matches `-`, `_` or
 * no separator at all (`take profit` matches `Take-Profit` and `TakeProfit`).
 */

/** Field labels whose numbers are prices (or leverage), and labels whose numbers must be ignored. */
export type FieldKind = 'entry' | 'tp' | 'sl' | 'leverage' | 'ignore' | 'symbol' | 'horizon';

// prettier-ignore
export const FIELD_TERMS: Record<FieldKind, readonly string[]> = {
  entry: [
    'entry zone', 'entry price', 'entry point', 'entry points', 'entry range', 'entry area', 'entry targets',
    'entry target', 'entry orders', 'entries', 'entry', 'enter above', 'enter below', 'enter between',
    'enter at', 'enter', 'buy zone', 'buy price', 'buy around', 'buy range', 'buy area', 'buy between',
    'buy below', 'buy above', 'buy under', 'buy at', 'buying zone', 'buying area', 'buying range',
    'accumulation zone', 'accumulate', 'open price', 'opening price', 'open', 'price', 'limit order', 'limit', 'zone',
    'вход', 'точка входа', 'точки входа', 'зона входа', 'зона покупки', 'цена входа', 'входы',
    'giriş bölgesi', 'giriş aralığı', 'giriş fiyatı', 'giriş', 'alım bölgesi', 'alım aralığı', 'alım fiyatı',
    'zona de entrada', 'precio de entrada', 'punto de entrada', 'entrada', 'zona de compra', 'preço de entrada',
    '入场价', '入场价格', '入场', '进场价', '进场价格', '进场', '开仓价格', '开仓价', '开仓', '建仓', '挂单', '买入价', '买入区间',
    'نقطه ورود', 'قیمت ورود', 'محدوده ورود', 'ناحیه ورود', 'ورود', 'سعر الدخول', 'نقطة الدخول', 'منطقة الدخول',
    'منطقة الشراء', 'الدخول', 'دخول',
    'vào lệnh', 'điểm vào', 'giá vào', 'vùng mua', 'einstieg', 'einstiegspreis', 'entrée', "point d'entrée",
    "zone d'entrée", 'harga masuk', 'masuk', 'ingresso', 'prezzo di ingresso',
  ],
  tp: [
    'take profit targets', 'take profit target', 'take profit price', 'take profits', 'take profit', 'takeprofit',
    'target price', 'tp price', 'exit price', 'profit targets',
    'profit target', 'sell targets', 'sell target', 'short term target', 'mid term target', 'long term target',
    'targets', 'target', 'tps', 'tp', 'tgt', 'tg', 't', 'exit targets', 'exits', 'exit',
    'цели', 'цель', 'тейки', 'тейк профит', 'тейк', 'тп', 'таргеты', 'таргет',
    'hedefler', 'hedef', 'kar al', 'kâr al', 'objetivos', 'objetivo', 'tomar ganancias', 'toma de ganancias',
    'alvos', 'alvo', 'chốt lời', 'mục tiêu', 'ziele', 'ziel', 'kursziel', 'objectifs', 'objectif', 'cibles', 'cible',
    'obiettivi', 'obiettivo',
    '止盈位', '止盈', '目标位', '目标价', '目标', '获利',
    'تارگت ها', 'تارگت', 'اهداف', 'هدف', 'حد سود', 'الأهداف', 'الاهداف', 'الهدف', 'أهداف', 'جني الأرباح',
  ],
  sl: [
    'stop loss price', 'stop loss', 'stoploss', 'stop targets', 'stop target', 'stop price', 'sl price', 'stop', 'sl',
    'invalidation',
    'стоп лосс', 'стоп', 'сл', 'zarar durdur', 'zarar kes', 'stop de pérdida', 'stop de perdida',
    '止损位', '止损价', '止损',
    'حد ضرر', 'استاپ لاس', 'استاپ', 'حد الخسارة', 'وقف الخسارة', 'وقف الخساره', 'ستوب',
    'cắt lỗ', 'dừng lỗ', 'stopp',
  ],
  leverage: [
    'leverage', 'levarage', 'leverage cross', 'lev', 'плечо', 'кредитное плечо', 'kaldıraç', 'apalancamiento',
    'alavancagem', '杠杆倍数', '杠杆', '倍数', 'اهرم', 'لوریج', 'الرافعة', 'رافعة', 'đòn bẩy', 'hebel', 'levier', 'leva',
  ],
  ignore: [
    'ote', 'profit', 'period', 'signal id', 'id', 'published', 'reasoning', 'risk', 'volume', 'average entry price',
    'average entry', 'avg entry', 'margin', 'wallet size', 'position size', 'size', 'capital', 'balance',
    'market cap', 'mcap', 'win rate', 'current price', 'price now', 'trailing', 'duration', 'trigger',
  ],
  symbol: [
    'coin name', 'coin', 'pair', 'symbol', 'name', 'asset', 'token', 'ticker', 'монета', 'пара', 'актив', 'тикер',
    'coin adı', 'parite', 'moneda', 'par', 'activo', 'moeda', '币种', '交易对', 'ارز', 'جفت ارز', 'نماد', 'عملة',
    'العملة', 'زوج',
  ],
  // Horizons head target lists ("Short Term: 1.28 - 1.31"); they are never a side.
  horizon: [
    'short term', 'mid term', 'long term', 'short mid term', 'mid long term', 'medium term', 'краткосрок',
    'среднесрок', 'долгосрок', 'kısa vade', 'orta vade', 'uzun vade', 'corto plazo', 'medio plazo', 'largo plazo',
  ],
};

/** Words that state the side of a trade. */
// prettier-ignore
export const SIDE_TERMS: Record<'BUY' | 'SELL', readonly string[]> = {
  BUY: [
    'long', 'buy', 'buying', 'bought', 'лонг', 'покупка', 'купить', 'покупаем', 'покупай', 'лонгуем', 'alım', 'alim',
    'alış', 'alis', 'compra', 'comprar', 'largo', 'comprando', '做多', '多单', '开多', '买入', '买多', 'لانگ', 'خرید',
    'شراء', 'لونج',
    'mua', 'kaufen', 'kauf', 'achat', 'acheter', 'beli', 'acquisto', 'compra',
  ],
  SELL: [
    'short', 'sell', 'selling', 'sold', 'шорт', 'продажа', 'продать', 'продаем', 'шортим', 'satış', 'satis', 'kısa',
    'kisa', 'venta', 'vender', 'corto', 'vendiendo', '做空', '空单', '开空', '卖出', 'شورت', 'فروش', 'بيع',
    'bán khống', 'bán', 'verkaufen', 'verkauf', 'vente', 'vendre', 'jual', 'vendita', 'venda',
  ],
};

/** Hints of a side that only count when nothing stronger (a side word, the prices) decides. */
// prettier-ignore
export const WEAK_SIDE_TERMS: Record<'BUY' | 'SELL', readonly string[]> = {
  BUY: ['bullish', 'бычий', 'yükseliş', 'alcista', '看涨', 'صعودی', 'صعودي'],
  SELL: ['bearish', 'bearsish', 'медвежий', 'düşüş', 'bajista', '看跌', 'نزولی', 'هبوطي'],
};
// prettier-ignore
export const WEAK_SIDE_EMOJI: Record<'BUY' | 'SELL', readonly string[]> = {
  BUY: ['🟢', '📈', '🔼', '⬆', '🟩'],
  SELL: ['🔴', '📉', '🔻', '🔽', '⬇', '🟥'],
};

/** "Enter now / at market" instead of a price. */
// prettier-ignore
export const MARKET_TERMS: readonly string[] = [
  'market price', 'market', 'cmp', 'current market price', 'current price', 'now', 'по рынку', 'рынок', 'рыночн',
  'piyasa', 'piyasadan', 'mercado', 'precio actual', '市价', '现价', 'قیمت فعلی', 'قیمت بازار', 'سعر السوق',
  'السعر الحالي',
];

/** Words that make a message a report or an update about a trade rather than a new trade. */
// prettier-ignore
export const UPDATE_TERMS: Record<'result' | 'cancel' | 'manage', readonly string[]> = {
  result: [
    'hit', 'reached', 'achieved', 'smashed', 'destroyed', 'done', 'touched', 'profit', 'profits', 'gain', 'gains',
    'stopped out', 'stopped', 'closed', 'in profit', 'all targets', 'entered', 'result', 'results', 'congrats',
    'congratulations', 'winning', 'booked',
    'достигнута', 'достигнут', 'достигли', 'взята', 'взяли', 'выполнена', 'закрыта', 'закрыт', 'прибыль', 'профит',
    'geldi', 'ulaştı', 'ulaşıldı', 'kapandı', 'kâr', 'tebrikler', 'alcanzado', 'alcanzada', 'cerrada', 'cerrado',
    'ganancia', 'ganancias', 'beneficio', '已达到', '达成', '达到', '止损出局', '出局', '平仓', '盈利', '利润',
    'خورد', 'سود', 'بسته شد', 'تحقيق', 'تحقق', 'ربح', 'أرباح', 'ارباح',
    'erreicht', 'atteint', 'tercapai', 'raggiunto', 'atingido', 'đạt',
  ],
  cancel: [
    'cancel', 'cancelled', 'canceled', 'cancellation', 'invalidated', 'void', 'avoid', 'отмена', 'отменен',
    'отменяем', 'отменить', 'iptal', 'cancelada', 'cancelado', '取消', 'لغو', 'إلغاء', 'الغاء', 'hủy', 'storniert', 'annulé', 'batal',
    'annullato',
  ],
  manage: [
    'breakeven', 'break even', 'move sl', 'move stop', 'moved', 'move your', 'close half', 'close', 'closing',
    'book profit', 'book', 'take some profit', 'partial', 'trailing stop', 'secure', 'secured', 'безубыток',
    'перенос', 'перенести', 'частично', 'закрываем', 'kapat', 'cerrar', 'mover', '保本', '移动止损', 'ریسک فری',
    'اغلاق', 'إغلاق',
  ],
};

/** Exchange names and field words: never the base of a written pair ("BYBIT/BINGX" is no pair). */
// prettier-ignore
export const NEVER_BASE: ReadonlySet<string> = new Set([
  'BINANCE', 'BYBIT', 'BITTREX', 'KUCOIN', 'OKX', 'OKEX', 'HUOBI', 'HTX', 'GATE', 'GATEIO', 'MEXC', 'BINGX', 'BITGET',
  'BITMEX', 'FTX', 'KRAKEN', 'COINBASE', 'POLONIEX', 'BITFINEX', 'PHEMEX', 'DERIBIT', 'BITMART', 'LBANK', 'PIONEX',
  'LONG', 'SHORT', 'BUY', 'SELL', 'ENTRY', 'PRICE', 'TARGET', 'TARGETS', 'TP', 'SL', 'STOP', 'PROFIT', 'SIGNAL', 'VIP',
  'IN', 'OF', 'PER', 'X', 'THE', 'AND', 'OR', 'TO', 'SPOT', 'FUTURES', 'MARGIN', 'CROSS', 'ISOLATED',
]);

/** Hashtags and capitalised words that are never a coin. */
// prettier-ignore
export const NOT_COINS: ReadonlySet<string> = new Set([
  'BINANCE', 'BYBIT', 'BITTREX', 'KUCOIN', 'OKX', 'OKEX', 'HUOBI', 'HTX', 'GATE', 'GATEIO', 'MEXC', 'BINGX', 'BITGET',
  'BITMEX', 'FTX', 'KRAKEN', 'COINBASE', 'POLONIEX', 'BITFINEX', 'PHEMEX', 'DERIBIT', 'HYPERLIQUID', 'BITMART',
  'LBANK', 'WHITEBIT', 'PIONEX', 'CORNIX', 'TRADINGVIEW', 'VIP', 'SIGNAL', 'SIGNALS', 'FREE', 'FREESIGNAL', 'SPOT',
  'FUTURES', 'FUTURE', 'PERP', 'PERPETUAL', 'LONG', 'SHORT', 'BUY', 'SELL', 'SCALP', 'SWING', 'UPDATE', 'NEWS',
  'CRYPTO', 'ALTCOIN', 'ALTCOINS', 'TRADING', 'TRADE', 'ANALYSIS', 'TA', 'GEM', 'PUMP', 'ALERT', 'BREAKOUT',
  'SETUP', 'PREMIUM', 'RESULT', 'RESULTS', 'PROFIT', 'TARGET', 'TARGETS', 'TP', 'SL', 'ENTRY', 'LEVERAGE', 'CROSS',
  'ISOLATED', 'USDT', 'USD', 'BUSD', 'USDC', 'FDUSD', 'TUSD', 'DAYTRADE', 'MIDTERM', 'SHORTTERM', 'LONGTERM', 'HODL',
  'MOON', 'BULLISH', 'BEARISH', 'NEW', 'NFT', 'WEB3', 'MEME', 'MEMECOIN', 'AIRDROP', 'GIVEAWAY', 'ICO', 'IDO', 'ATH',
  'ATL', 'ETF', 'SEC', 'FOMC', 'CPI', 'UTC', 'GMT', 'DCA', 'ROI', 'PNL', 'CEO', 'DEX', 'CEX', 'API', 'OTE', 'STOP',
  'LOSS', 'RISK', 'RISKY', 'TODAY', 'NOW', 'CMP', 'MARKET', 'DM', 'PM', 'AM', 'GM', 'FOMO', 'FUD', 'BTCD', 'USDTD',
  'TOTAL', 'TOTAL2', 'TOTAL3', 'DXY', 'SPX', 'NASDAQ', 'GOLD', 'OIL', 'EUR', 'GBP', 'TRY', 'RUB', 'JPY', 'THE', 'AND',
  'FOR', 'NOT', 'ALL', 'YOU', 'OUR', 'ARE', 'THIS', 'WITH', 'JOIN', 'CLOSE', 'CLOSED', 'HIT', 'DONE', 'WIN', 'EXIT',
  'ZONE', 'PRICE', 'COIN', 'PAIR', 'TRADER', 'TRADERS', 'CHART', 'LIVE', 'SOON', 'IMPORTANT', 'NOTE', 'WARNING',
  'INFO', 'HIGH', 'LOW', 'MID', 'TERM', 'RSI', 'MACD', 'EMA', 'SMA', 'MA', 'OB', 'FVG', 'BOS', 'CHOCH', 'ID', 'NO',
  'YES', 'OK', 'TG', 'TGT', 'LEV', 'X', 'IN', 'OUT', 'UP', 'DOWN', 'ON', 'OFF', 'USA', 'US', 'UK', 'EU', 'CHINA',
  'SATS', 'SAT', 'SATOSHI', 'ALT', 'ALTS', 'BREAKING', 'FLASH', 'SCALPING', 'HOLD', 'REGULAR', 'AGGRESSIVE',
]);

/** Tickers recognised without a `#`, `$` or quote; ordinary words (ONE, HOT, GAS...) are left out on purpose. */
// prettier-ignore
export const KNOWN_TICKERS: ReadonlySet<string> = new Set([
  'BTC', 'ETH', 'BNB', 'SOL', 'XRP', 'ADA', 'DOGE', 'AVAX', 'DOT', 'TRX', 'LINK', 'MATIC', 'POL', 'TON', 'SHIB',
  'LTC', 'BCH', 'UNI', 'ATOM', 'XLM', 'ETC', 'XMR', 'FIL', 'APT', 'ARB', 'OP', 'NEAR', 'VET', 'ICP', 'HBAR', 'QNT',
  'AAVE', 'GRT', 'ALGO', 'STX', 'EGLD', 'SAND', 'MANA', 'AXS', 'THETA', 'FTM', 'EOS', 'XTZ', 'IMX', 'INJ', 'RUNE',
  'KAVA', 'FLOW', 'CHZ', 'CRV', 'MKR', 'SNX', 'COMP', 'YFI', 'SUSHI', 'ZEC', 'DASH', 'NEO', 'IOTA', 'KSM', 'ZIL',
  'ENJ', 'BAT', 'LRC', 'CELO', 'ONT', 'QTUM', 'ICX', 'WAVES', 'OMG', 'ZRX', 'ANKR', 'STORJ', 'SKL', 'OCEAN', 'FET',
  'AGIX', 'RNDR', 'RENDER', 'WLD', 'TIA', 'SEI', 'SUI', 'PEPE', 'WIF', 'BONK', 'FLOKI', 'ORDI', 'JUP', 'PYTH',
  'JTO', 'DYM', 'STRK', 'ENA', 'ETHFI', 'ZRO', 'ZK', 'NOT', 'IO', 'LDO', 'RPL', 'GMX', 'DYDX', 'BLUR', 'APE', 'GALA',
  'KAS', 'TAO', 'AR', 'MINA', 'ROSE', 'CFX', 'ONE', 'HOT', 'CAKE', 'BAKE', 'TWT', 'SXP', 'XVS', 'ALPHA', 'LINA',
  'REEF', 'DENT', 'HOOK', 'MAGIC', 'GMT', 'LPT', 'AUDIO', 'RLC', 'BAND', 'NMR', 'OGN', 'CTSI', 'CELR', 'COTI',
  'DGB', 'RVN', 'SC', 'XEM', 'XVG', 'BTS', 'LSK', 'STEEM', 'HIVE', 'ARDR', 'NANO', 'ONG', 'IOST', 'WIN', 'TFUEL',
  'JASMY', 'PEOPLE', 'LUNA', 'LUNC', 'USTC', 'MASK', 'ACH', 'API3', 'ARPA', 'ASTR', 'BEL', 'BICO', 'C98', 'CKB',
  'CVC', 'CYBER', 'DODO', 'EDU', 'ID', 'IDEX', 'JOE', 'KEY', 'KNC', 'LEVER', 'LIT', 'LOOM', 'MAV', 'MTL', 'NKN',
  'PENDLE', 'PERP', 'PHB', 'POWR', 'RDNT', 'RAD', 'RIF', 'SFP', 'SSV', 'STMX', 'SUPER', 'SYN', 'T', 'TRB', 'TRU',
  'UMA', 'UNFI', 'WOO', 'XAI', 'YGG', 'ZEN', 'AI', 'ALT', 'MANTA', 'PIXEL', 'PORTAL', 'AEVO', 'BOME', 'W', 'SAGA',
  'OMNI', 'REZ', 'BB', 'TNSR', 'LISTA', 'BLAST', 'BANANA', 'DOGS', 'HMSTR', 'CATI', 'EIGEN', 'SCR', 'GOAT', 'PNUT',
  'ACT', 'MOVE', 'ME', 'VIRTUAL', 'AI16Z', 'TRUMP', 'KAITO', 'HYPE', 'BERA', 'IP', 'S', 'ONDO', 'PENGU', 'POPCAT',
  'MEW', 'BRETT', 'TURBO', 'NEIRO', 'MOODENG', 'SPX', 'FARTCOIN', 'GRASS', 'DRIFT', 'RAY', 'ORCA', 'MNT', 'OKB',
  'LEO', 'CRO', 'KCS', 'HT', 'GT', 'FTT', 'XDC', 'BSV', 'BTG', 'DCR', 'ZEC', 'XEC', 'RSR', 'AMP', 'GLM', 'SLP',
  'ILV', 'YFII', 'BADGER', 'ALCX', 'BIFI', 'SPELL', 'CVX', 'FXS', 'LQTY', 'FRAX', 'GNO', 'BAL', '1INCH', 'MDX',
  'MFT', 'MDA', 'DNT', 'PIVX', 'NAV', 'VIA', 'SYS', 'GRS', 'POA', 'POLY', 'QKC', 'REN', 'REQ', 'SNT', 'STPT',
  'TOMO', 'VIC', 'VITE', 'WAN', 'WTC', 'XNO', 'HIGH', 'ALICE', 'ATA', 'AUCTION', 'BAKE', 'BETA', 'BNX', 'BURGER',
  'CHR', 'CLV', 'COS', 'DAR', 'DEGO', 'DUSK', 'ELF', 'FIDA', 'FIO', 'FIS', 'FLM', 'FORTH', 'FRONT', 'GHST', 'HARD',
  'HFT', 'HIFI', 'ICE', 'IQ', 'KMD', 'KP3R', 'LTO', 'MBOX', 'MDT', 'MOB', 'MOVR', 'NEXO', 'NULS', 'OAX', 'OXT',
  'PHA', 'PLA', 'POND', 'PROM', 'PROS', 'PSG', 'PUNDIX', 'QI', 'QUICK', 'RARE', 'SANTOS', 'SCRT', 'STG', 'SUN',
  'TKO', 'TLM', 'TROY', 'VOXEL', 'VTHO', 'WAXP', 'WING', 'WNXM', 'XVG', 'FUN', 'GAS', 'ACE', 'NFP', 'BOND', 'BTCDOM',
  'DEFI', 'KITE', 'FHE', 'WET', 'RIVER', 'HUMA',
]);

/** Tickers that are also ordinary words or abbreviations: recognised only with `#`, `$` or a quote. */
// prettier-ignore
export const AMBIGUOUS_TICKERS: ReadonlySet<string> = new Set([
  'ONE', 'HOT', 'GAS', 'ACE', 'ID', 'MAGIC', 'PEOPLE', 'BOND', 'DENT', 'RARE', 'TRU', 'SUPER', 'HIGH', 'NOT', 'AI',
  'ALT', 'T', 'S', 'W', 'IO', 'ME', 'IP', 'SUN', 'KEY', 'FUN', 'ICE', 'LIT', 'EDU', 'POND', 'ACT', 'MOVE', 'WIN',
  'JOE', 'RAY', 'LEVER', 'PERP', 'DOGS', 'BB', 'GOAT', 'TURBO', 'BLUR', 'COS', 'HARD', 'FRONT', 'FORTH', 'TROY',
  'LOOM', 'DUSK', 'SYN', 'OMNI', 'SAGA', 'BLAST', 'BANANA', 'PORTAL', 'PIXEL', 'HOOK', 'MASK', 'HIVE', 'BETA',
  'ALPHA', 'GRASS', 'DRIFT', 'RIVER', 'WET', 'KITE', 'SPX', 'IQ', 'QI', 'VIA', 'NAV', 'REQ', 'PROM', 'PROS', 'STG',
  'WING', 'AUDIO', 'ATA', 'BEL', 'DAR', 'CHR', 'FIS', 'HFT', 'FLM', 'GHST', 'MOB', 'OAX', 'PHA', 'PLA', 'SC', 'WAN',
  'CAT', 'TRUMP', 'LUNA', 'BURGER', 'AUCTION', 'LEO', 'GT', 'HT', 'BAND', 'RAD', 'RIF', 'SFP', 'UMA', 'ZEN', 'YGG',
]);

/**
 * Coins priced above 100 USDT. A message that names another coin without a quote and gives only
 * whole prices of 100 or more is quoting satoshis (a BTC pair), as 2017-2019 spot channels did.
 */
// prettier-ignore
export const HIGH_PRICED: ReadonlySet<string> = new Set([
  'BTC', 'ETH', 'BNB', 'SOL', 'LTC', 'BCH', 'XMR', 'AAVE', 'MKR', 'COMP', 'YFI', 'QNT', 'ZEC', 'DASH', 'EGLD', 'KSM',
  'TAO', 'GNO', 'BTCDOM', 'DEFI', 'TRB', 'GMX', 'ILV', 'BIFI', 'ALCX', 'XAUT', 'PAXG', 'WBTC', 'BSV', 'YFII', 'KP3R',
  'ORDI', 'HYPE', 'AVAX', 'INJ', 'LINK', 'ETC', 'UNI', 'DOT', 'ATOM', 'NEAR', 'ICP',
]);

/** Words that introduce a quantity or risk of the position ("Wallet size 2%"). */
export const SIZE_PATTERN =
  /(?:wallet size|position size|size|margin|risk|use|allocation|объем|объём|размер позиции|риск|riesgo|tamaño|حجم)\s*[:=-]?\s*(?:of\s+)?\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?\s*%(?:\s*(?:of|от|del|de)\s+(?:the\s+|your\s+)?(?:portfolio|balance|wallet|deposit|capital|account|depo|депозита|баланса|capital|cartera)\b)?/iu;
