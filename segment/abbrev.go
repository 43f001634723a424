package segment

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A Segmenter splits text into sentences using the rules of one language.
// Create one with [New]. A Segmenter is immutable and safe for concurrent
// use by multiple goroutines.
type Segmenter struct {
	lang     string
	abbr     map[string]wordKind // lower-case abbreviations, without the final period
	starters map[string]struct{} // capitalised words that commonly start a sentence
	ordinal  bool                // "3. Oktober": a period after a number marks an ordinal
	greek    bool                // ";" is a question mark
	colon    bool                // ":" is a full stop (Armenian)
	informal bool                // web text habits: lower-case starts, "so...Then"
	weekdays map[string]struct{} // lower-case weekday names and their short forms
	months   map[string]struct{} // lower-case month names and their short forms
	speech   map[string]struct{} // lower-case verbs of saying
}

// New returns the Segmenter for the language with the given ISO 639-1 code,
// such as "en", "de" or "pt". Region and script subtags ("pt-BR", "sr_Latn")
// and letter case are ignored. An empty or unsupported code yields the
// default (English) rules, which also serve Latin-script languages without
// tables of their own reasonably well.
//
// Segmenters are built once per language and shared; New is cheap.
func New(lang string) *Segmenter {
	code := strings.ToLower(lang)
	if k := strings.IndexAny(code, "-_"); k >= 0 {
		code = code[:k]
	}
	if build, ok := registry[code]; ok {
		return build()
	}
	return registry["en"]()
}

// Lang returns the language code whose rules s applies.
func (s *Segmenter) Lang() string { return s.lang }

// registry holds, for each language with tables, the function that
// builds its Segmenter at the first call and returns the same one after:
// a run builds the tables of the languages its pages are in, not of all
// of them, which cost every process a few milliseconds at its start.
var registry = func() map[string]func() *Segmenter {
	m := make(map[string]func() *Segmenter, len(languages))
	for code, l := range languages {
		m[code] = sync.OnceValue(func() *Segmenter { return build(code, l) })
	}
	return m
}()

// build makes the Segmenter of the language code from its tables l.
func build(code string, l language) *Segmenter {
	s := &Segmenter{
		lang:     code,
		abbr:     make(map[string]wordKind),
		starters: make(map[string]struct{}),
		ordinal:  l.ordinal,
		greek:    code == "el",
		colon:    code == "hy",
		informal: code == "en",
	}
	add := func(list string, k wordKind) {
		for _, w := range strings.Fields(list) {
			s.abbr[w] = k
		}
	}
	add(coreAbbrevs, wordAbbrev)
	add(coreTitles, wordTitle)
	add(coreNumeros, wordNumero)
	add(l.abbrevs, wordAbbrev)
	add(l.titles, wordTitle)
	for _, w := range strings.Fields(englishStarters + " " + l.starters) {
		s.starters[w] = struct{}{}
	}
	if l.weekdays != "" {
		s.weekdays, s.months = set(l.weekdays), set(l.months)
	}
	if l.speech != "" {
		s.speech = set(l.speech)
	}
	return s
}

// dateBefore reports whether word is a capitalised weekday and next starts
// with a capitalised month, so that a period after the weekday ends no
// sentence ("Sat. Nov. 18", "Tue. March 6").
func (s *Segmenter) dateBefore(word, next string) bool {
	if s.weekdays == nil || len(word) < 3 || len(word) > 9 || len(next) < 3 ||
		strings.IndexByte("MTWFS", word[0]) < 0 || strings.IndexByte("JFMASOND", next[0]) < 0 {
		return false // the common case, decided without lookups
	}
	n := 0
	for n < len(next) && n < 10 && isLetterAt(next, n) {
		n++
	}
	if n == 0 || n == 10 {
		return false
	}
	var buf [maxWord * 2]byte
	if _, ok := s.weekdays[string(lowerInto(buf[:0], word))]; !ok {
		return false
	}
	_, ok := s.months[string(lowerInto(buf[:0], next[:n]))]
	return ok
}

// speechTag reports whether s starts with the tag of a quotation that
// ended in "?", "!" or an ellipsis: a name or pronoun and a verb of saying
// ("Ann asks.", "Tom said,"), which goes on the quotation's sentence.
func (s *Segmenter) speechTag(next string) bool {
	if s.speech == nil {
		return false
	}
	var buf [maxWord * 2]byte
	p := 0
	for w := 0; w < 3; w++ {
		q := p
		for q < len(next) && q-p < 16 && isLetterAt(next, q) {
			q++
		}
		if q == p {
			return false
		}
		if _, ok := s.speech[string(lowerInto(buf[:0], next[p:q]))]; ok {
			return w > 0
		}
		if q >= len(next) || next[q] != ' ' {
			return false
		}
		p = q + 1
	}
	return false
}

// lookup finds the word (without its final period) in the abbreviation
// table, ignoring case.
func (s *Segmenter) lookup(w string) (wordKind, bool) {
	if len(w) > maxWord {
		return 0, false
	}
	var buf [maxWord * 2]byte
	k, ok := s.abbr[string(lowerInto(buf[:0], w))]
	return k, ok
}

// lowerInto appends w in lower case to b; with b on the stack, looking the
// result up in a map does not allocate.
func lowerInto(b []byte, w string) []byte {
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

func set(list string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(list) {
		m[w] = struct{}{}
	}
	return m
}

type language struct {
	weekdays string // weekday names and short forms, lower case
	months   string // month names and short forms, lower case
	speech   string // verbs of saying, lower case
	titles   string // never end a sentence: "Mr.", "Dr.", "Sra."
	abbrevs  string // end a sentence only before a sentence starter
	starters string // capitalised words that commonly start a sentence
	ordinal  bool   // numbers followed by a period are ordinals
}

// Shared by every language: company forms, reference words and titles that
// occur in news text whatever its language.
const (
	coreTitles  = "mr mrs ms dr prof mt e.g i.e vs"
	coreNumeros = "no nos nr n° nº"
	coreAbbrevs = "inc ltd co corp llc plc gmbh ag ca tel fax st jr sr " +
		"approx cf ibid vol fig p pp ph.d ext"
)

const englishStarters = "A An The This That These Those There Here It Its He She His Her We Our " +
	"They Their I You Your My But And Or So Yet If In On At As By For From To With After " +
	"Before When While Where What Which Who Why How However Meanwhile Moreover Although " +
	"Though Since Because Then Now Today Yesterday Also Still Even Only Some Many Most " +
	"Several All Both Each Every Any No Not One Two Three Did Do Does Is Are Was Were Has " +
	"Have Had Can Could Will Would Should May Might Must Being More Millions Such Later Last " +
	"Next Instead Thus Therefore Indeed Nevertheless Furthermore Besides Please Let Among " +
	"According Despite During Under Over"

var languages = map[string]language{
	"en": {
		weekdays: "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed " +
			"thu thur thurs fri sat sun",
		months: "january february march april may june july august september october november " +
			"december jan feb mar apr jun jul aug sep sept oct nov dec",
		speech: "said says asked asks cried cries called calls replied replies shouted shouts " +
			"yelled yells screamed screams whispered whispers howled muttered mutters added adds " +
			"answered answers exclaimed wondered continued insisted demanded begged snapped " +
			"sighed groaned laughed",
		titles: "messrs mmes drs rev revd hon gen lt col maj capt cmdr adm sgt cpl pvt gov sen " +
			"rep supt insp det pres amb atty",
		abbrevs: "bros assn assoc dept univ est vs al viz eg esp attn jan feb mar apr jun jul aug sep " +
			"sept oct nov dec mon tue tues thu thur thurs fri vols ch chap figs sec para eds " +
			"ave blvd rd ln hwy sq apt ste ft esq mfg intl natl govt dist yr yrs hr hrs oz lb " +
			"lbs ala ariz ark calif colo conn fla ga kan kans ky md mich minn neb nev okla tenn " +
			"tex vt wis wyo op cit",
	},
	"de": {
		titles: "hr hrn frl dipl ing med jur phil rer nat pol oec dent vet habil sankt",
		abbrevs: "z.b d.h u.a o.ä u.ä s.o s.u usw bzw vgl ggf evtl inkl exkl zzgl abzgl " +
			"str abs abt bd bzgl chr mio mrd jh jhd jhdt kap kath ev evang gebr gegr geb gest " +
			"hl hrsg kfm kgl mind nachm vorm tsd jan feb febr apr jun jul aug sep sept " +
			"okt nov dez fr u.v.m usf dt engl franz ital lat allg bes bspw eigtl einschl erw " +
			"gem insb jährl lfd lt mtl mwst sog tägl urspr vlt wg zw zus zt od",
		starters: "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ich Ihr " +
			"Du Man Dies Diese Dieser Dieses Dort Da Dann Doch Aber Und Oder Auch Als Wenn " +
			"Weil Obwohl Nachdem Bevor Während Nach Vor Bei Mit Im Am Auf An Um Für Zum Zur " +
			"Was Wer Wie Wo Warum Wann Heute Gestern Nun Jetzt Hier Damit Zudem Außerdem " +
			"Deshalb Daher Trotzdem Allerdings Denn Nicht Kein Keine Alle Viele Zwar Jedoch " +
			"Laut Seit Bis Unter Über Gegen Ohne Durch Mehr",
		ordinal: true,
	},
	"da": {
		titles: "hr fr frk skt sct",
		abbrevs: "bl.a f.eks m.m osv mv jf evt inkl kl tlf ang vedr iflg mht pga jan feb " +
			"mar apr jun jul aug sep sept okt nov dec",
		starters: "De Det Den Der Dem Han Hun Jeg Vi Du Men Og Eller Hvad Hvor Hvem Hvorfor " +
			"Hvordan Når Da Så Nu Her Efter Før Med Til På For Som Hvis En Et Ikke Alle " +
			"Mange Dette Disse Også Derfor",
		ordinal: true,
	},
	"no": norwegian,
	"nb": norwegian,
	"nn": norwegian,
	"sv": {
		titles:   "hr fr",
		abbrevs:  "t.ex bl.a m.m osv dvs kl jan feb mar apr jun jul aug sep sept okt nov dec",
		starters: "Den Det De Han Hon Jag Vi Du Men Och Eller Vad Var Vem Varför Hur När Då Så Nu Här Efter Med Till På För Som Om En Ett Inte",
	},
	"fr": {
		titles: "m mm mme mmes mlle mlles pr me mgr ste",
		abbrevs: "av bd boul env éd chap art tél janv févr avr juil sept oct nov déc ex cie " +
			"sté éts",
		starters: "Le La Les L Un Une Des Il Elle Ils Elles On Nous Vous Je Tu Ce Cette Ces " +
			"Cet C Mais Et Ou Donc Car Si Quand Lorsque Puis Ensuite Alors Dans En Au Aux " +
			"Pour Par Avec Sans Selon Depuis Après Avant Pendant Comme Qui Que Où Pourquoi " +
			"Comment Leur Leurs Son Sa Ses Mon Ma Mes Notre Votre Cependant Toutefois Enfin " +
			"Ainsi D",
	},
	"es": {
		titles: "sr sra srta sres sras dr dra dres lic lcda lcdo ing arq profa d dña sto sta " +
			"fr mons gral",
		abbrevs: "ud uds vd vds pág págs pag párr párrf núm num av avda cra cl art arts cap ej aprox " +
			"admón adm ee uu ene feb mar abr may jun jul ago sep sept set oct nov dic lun " +
			"mié mier jue vie sáb dom cía ltda hs hrs seg ibíd dpto depto prov",
		starters: "El La Los Las Lo Un Una Unos Unas Él Ella Ellos Ellas Yo Tú Usted Ustedes " +
			"Nosotros Este Esta Estos Estas Ese Esa Eso Esto Pero Y O Si Cuando Donde Como " +
			"Qué Quién Cuál Por Para En Con Sin Según Desde Después Antes Hoy Ayer También " +
			"Además No Se Su Sus Mi Mis Al Del Hay Es Era Fue Aunque Mientras Entonces Así",
	},
	"it": {
		titles: "sig sigg sig.ra sig.na dott dott.ssa avv ing arch geom rag prof.ssa on sen " +
			"gen col magg cap ten dir mons rev egr spett",
		abbrevs: "ecc es pag pagg art mar feb apr mag giu lug ago set sett ott nov dic lun mer " +
			"gio ven sab dom amm psicol econ az rif cfr sec ss spa srl",
		starters: "Il Lo La I Gli Le L Un Una Uno Egli Ella Lui Lei Loro Noi Voi Io Tu Questo " +
			"Questa Questi Queste Quello Quella Ma E O Se Quando Dove Come Che Chi Cosa " +
			"Perché Per In Con Su Da Dopo Prima Oggi Ieri Anche Poi Non Si Ci È Era Sono " +
			"Nel Nella Del Della Al Alla Inoltre Tuttavia Mentre Secondo",
	},
	"pt": {
		titles:  "sra srta dra profa eng sto sta d",
		abbrevs: "av pág núm ex jan fev mar abr mai jun jul ago set out nov dez cia ltda cap art aprox",
		starters: "O A Os As Um Uma Ele Ela Eles Elas Eu Nós Você Vocês Este Esta Isso Isto " +
			"Esse Essa Mas E Ou Se Quando Onde Como Que Quem Por Para Em No Na Nos Nas Com " +
			"Sem Depois Antes Hoje Ontem Também Não Segundo Além Já",
	},
	"nl": {
		titles: "dhr mevr mw drs ir ing",
		abbrevs: "bijv blz enz evt m.a.w o.a d.w.z t.a.v jl aanw vnw zn bn ww bv vgl resp " +
			"mln mld jan feb mrt apr jun jul aug sep sept okt nov dec",
		starters: "De Het Een Hij Zij Ze Wij We Ik Jij Je U Dit Dat Deze Die Er Daar Hier " +
			"Maar En Of Als Wanneer Waar Wat Wie Waarom Hoe In Op Met Voor Na Bij Om Niet " +
			"Ook Toen Dan Nu Volgens Daarna",
	},
	"pl": {
		titles:  "mgr inż hab ks gen płk",
		abbrevs: "pl ul al os godz str tj np itd itp m.in zob ok tzw św wg ww jw ds br ub zł tys mln mld gr",
		starters: "On Ona Ono Oni One My Wy Ja Ty To Ten Ta Te Ale I A Lub Czy Jeśli Gdy " +
			"Kiedy Gdzie Jak Co Kto Dlaczego Na Po Przed Dla Od Do Dziś Dzisiaj Wczoraj " +
			"Także Również Nie Jest Jednak Natomiast Według",
		ordinal: true,
	},
	"ru": {
		titles: "проф доц акад г-н г-жа д-р",
		abbrevs: "г гг ул д кв стр пр просп пер пл обл р-н ст см рис табл напр тел ок им " +
			"др долл дол руб коп тыс млн млрд т.е т.д т.п т.к т.н т.о пгт с.г н.э вв чел " +
			"кг км мин сек",
		starters: "Он Она Оно Они Мы Вы Я Ты Это Этот Эта Эти Тот Та Те Но И А Или Если " +
			"Когда Где Как Что Кто Почему На По После До Для При Сегодня Вчера Также " +
			"Затем Потом Тогда Там Здесь Не Его Её Их Однако Поэтому Кроме Между Вот",
	},
	"uk": {
		titles:  "проф доц акад д-р",
		abbrevs: "р рр вул м обл див табл напр тел ім грн тис млн млрд т.д т.п",
		starters: "Він Вона Воно Вони Ми Ви Я Ти Це Цей Ця Ці Той Та Ті Але І А Або Якщо " +
			"Коли Де Як Що Хто Чому На По Після До Для При Сьогодні Вчора Також Потім Тоді",
	},
	"bg": {
		titles:  "проф доц акад г-н г-жа д-р",
		abbrevs: "г гр ул бул пл т.е т.н напр вкл др ст лв млн млрд хил бр см стр с тел",
		starters: "Той Тя То Те Ние Вие Аз Ти Това Този Тази Тези Но И А Или Ако Когато " +
			"Където Как Какво Кой Защо На По След Преди За При Днес Вчера Също Там Тук Не " +
			"Според",
	},
	"el": {
		titles:  "κ κα δρ καθ",
		abbrevs: "π.χ κ.λπ κλπ αρ τηλ σελ βλ δηλ χλμ εκ π.μ μ.μ",
		starters: "Ο Η Το Οι Τα Τις Τους Των Ένας Μια Ένα Αυτός Αυτή Αυτό Εγώ Εμείς Εσείς " +
			"Αλλά Και Ή Αν Όταν Πού Πώς Τι Ποιος Γιατί Στο Στη Στην Στον Με Για Από Μετά " +
			"Πριν Σήμερα Χθες Επίσης Δεν Ωστόσο",
	},
	// Languages that mark ordinal numbers with a period but have no
	// tables of their own.
	// Armenian writes its full stop "։", often typed as ":".
	"hy": {},
	"fi": {ordinal: true},
	"cs": {ordinal: true},
	"sk": {ordinal: true},
	"hu": {ordinal: true},
	"hr": {ordinal: true},
	"sl": {ordinal: true},
	"sr": {ordinal: true},
	"bs": {ordinal: true},
	"et": {ordinal: true},
	"lv": {ordinal: true},
	"lt": {ordinal: true},
	"is": {ordinal: true},
	"tr": {ordinal: true},
}

var norwegian = language{
	titles:   "hr fr",
	abbrevs:  "bl.a f.eks m.m osv mv jf evt inkl kl tlf ang vedr iflg pga jan feb mar apr jun jul aug sep sept okt nov des",
	starters: "De Det Den Der Han Hun Jeg Vi Du Men Og Eller Hva Hvor Hvem Hvorfor Hvordan Når Da Så Nå Her Etter Før Med Til På For Som Hvis En Et Ikke",
	ordinal:  true,
}
