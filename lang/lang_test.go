package lang

import (
	"encoding/binary"
	"strings"
	"sync"
	"testing"
)

// samples are short news-like sentences, one per language, written for
// these tests.
var samples = []struct{ code, text string }{
	{"en", "The city council approved the new budget on Tuesday after a long debate about school funding."},
	{"de", "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Schulfinanzierung den neuen Haushalt beschlossen."},
	{"fr", "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur le financement des écoles."},
	{"es", "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre la financiación de las escuelas."},
	{"it", "Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito sul finanziamento delle scuole."},
	{"pt", "A câmara municipal aprovou na terça-feira o novo orçamento depois de um longo debate sobre o financiamento das escolas."},
	{"nl", "De gemeenteraad heeft dinsdag na een lang debat over de financiering van scholen de nieuwe begroting goedgekeurd."},
	{"sv", "Kommunfullmäktige godkände på tisdagen den nya budgeten efter en lång debatt om skolornas finansiering."},
	{"da", "Byrådet vedtog tirsdag det nye budget efter en lang debat om finansieringen af skolerne."},
	{"no", "Bystyret vedtok tirsdag det nye budsjettet etter en lang debatt om finansieringen av skolene."},
	{"fi", "Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion pitkän koulujen rahoitusta koskeneen keskustelun jälkeen."},
	{"pl", "Rada miasta zatwierdziła we wtorek nowy budżet po długiej debacie na temat finansowania szkół."},
	{"cs", "Městské zastupitelstvo v úterý po dlouhé debatě o financování škol schválilo nový rozpočet."},
	{"sk", "Mestské zastupiteľstvo v utorok po dlhej diskusii o financovaní škôl schválilo nový rozpočet."},
	{"hu", "A városi közgyűlés kedden hosszú vita után elfogadta az új költségvetést, amely az iskolák finanszírozásáról szólt."},
	{"ro", "Consiliul local a aprobat marți noul buget, după o dezbatere lungă despre finanțarea școlilor."},
	{"tr", "Belediye meclisi salı günü okulların finansmanı üzerine uzun bir tartışmanın ardından yeni bütçeyi onayladı."},
	{"ru", "Городской совет во вторник после долгих споров о финансировании школ утвердил новый бюджет."},
	{"uk", "Міська рада у вівторок після тривалої дискусії про фінансування шкіл ухвалила новий бюджет."},
	{"bg", "Общинският съвет прие във вторник новия бюджет след дълъг дебат за финансирането на училищата."},
	{"el", "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό μετά από μακρά συζήτηση."},
	{"ar", "وافق مجلس المدينة يوم الثلاثاء على الميزانية الجديدة بعد نقاش طويل حول تمويل المدارس."},
	{"fa", "شورای شهر روز سه‌شنبه پس از بحثی طولانی درباره بودجه مدارس، بودجه جدید را تصویب کرد."},
	{"he", "מועצת העיר אישרה ביום שלישי את התקציב החדש לאחר דיון ארוך על מימון בתי הספר."},
	{"hi", "नगर परिषद ने मंगलवार को स्कूलों के वित्त पोषण पर लंबी बहस के बाद नया बजट मंजूर किया।"},
	{"ja", "市議会は火曜日、学校の財源をめぐる長い議論の末に新しい予算を承認した。"},
	{"zh", "市议会周二在就学校经费问题进行长时间辩论后批准了新的预算。"},
	{"ko", "시의회는 화요일 학교 재정에 관한 긴 논쟁 끝에 새 예산안을 승인했다."},
	{"th", "สภาเมืองอนุมัติงบประมาณใหม่เมื่อวันอังคารหลังจากการอภิปรายที่ยาวนาน"},
	{"vi", "Hội đồng thành phố đã thông qua ngân sách mới vào thứ Ba sau một cuộc tranh luận dài về tài trợ trường học."},
	{"id", "Pemerintah mengatakan bahwa harga bahan bakar tidak akan naik tahun ini, kata menteri keuangan."},
	{"ms", "Kerajaan berkata bahawa harga minyak tidak akan naik tahun ini, kata menteri kewangan."},
	{"ca", "L'ajuntament va aprovar dimarts el nou pressupost després d'un llarg debat sobre el finançament de les escoles."},
	{"hr", "Gradsko vijeće u utorak je nakon duge rasprave o financiranju škola usvojilo novi proračun."},
	{"is", "Borgarstjórn samþykkti nýja fjárhagsáætlun á þriðjudag eftir langar umræður um fjármögnun skóla."},
	{"sw", "Baraza la jiji liliidhinisha bajeti mpya siku ya Jumanne baada ya mjadala mrefu kuhusu ufadhili wa shule."},
	{"af", "Die stadsraad het Dinsdag ná 'n lang debat oor die befondsing van skole die nuwe begroting goedgekeur."},
	{"lt", "Miesto taryba antradienį po ilgų diskusijų dėl mokyklų finansavimo patvirtino naują biudžetą."},
	{"et", "Linnavolikogu kiitis teisipäeval pärast pikka arutelu koolide rahastamise üle heaks uue eelarve."},
	{"hy", "Քաղաքային խորհուրդը երեքշաբթի հաստատեց նոր բյուջեն դպրոցների ֆինանսավորման շուրջ երկար քննարկումից հետո։"},
	{"ka", "საქალაქო საბჭომ სამშაბათს ახალი ბიუჯეტი დაამტკიცა სკოლების დაფინანსების შესახებ ხანგრძლივი დებატების შემდეგ."},
	{"bn", "নগর পরিষদ মঙ্গলবার স্কুলের অর্থায়ন নিয়ে দীর্ঘ বিতর্কের পর নতুন বাজেট অনুমোদন করেছে।"},
}

func TestDetectSamples(t *testing.T) {
	for _, s := range samples {
		t.Run(s.code, func(t *testing.T) {
			code, score := Detect(s.text, "")
			if code != s.code {
				t.Errorf("Detect = %q (%.2f), want %q", code, score, s.code)
			}
			if score < 0.5 || score > 1 {
				t.Errorf("score %.3f, want in [0.5, 1] for a whole sentence", score)
			}
		})
	}
}

// TestHint checks that the page's language decides between languages the
// text leaves close, and not against text that is plainly another.
func TestHint(t *testing.T) {
	tests := []struct {
		name, text, hint, want string
	}{
		// Bokmål and Danish share most of their words.
		{"close no", "Det er en stor dag for alle.", "nb-NO", "no"},
		{"close da", "Det er en stor dag for alle.", "da-DK", "da"},
		{"tag forms", "Ini adalah berita terbaru dari kota.", "ms_MY", "ms"},
		{"against text", "The government announced new measures to fight inflation on Monday.", "de", "en"},
		{"other script", "Городской совет утвердил новый бюджет.", "en", "ru"},
		{"unknown hint", "El ayuntamiento aprobó el nuevo presupuesto.", "xx", "es"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, score := Detect(tt.text, tt.hint); got != tt.want {
				t.Errorf("Detect(%q, %q) = %q (%.2f), want %q", tt.text, tt.hint, got, score, tt.want)
			}
		})
	}
}

func TestDetectEdges(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
		maxScore   float64
	}{
		{"empty", "", "", 0},
		{"no letters", "12:30 — 4,5 % (+0.2) ¶ 🙂", "", 0},
		{"one kana", "の", "ja", 0.3},
		{"short latin", "ok", "", 0.7},
		{"invalid utf8", "\xff\xfe\xfd", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, score := Detect(tt.text, "")
			if tt.want != "" && code != tt.want || tt.want == "" && tt.maxScore == 0 && code != "" {
				t.Errorf("Detect(%q) = %q, want %q", tt.text, code, tt.want)
			}
			if score < 0 || score > tt.maxScore {
				t.Errorf("Detect(%q) score %.3f, want in [0, %.2f]", tt.text, score, tt.maxScore)
			}
		})
	}
}

// TestMixedScripts checks that the script most of the letters are in
// decides, and that the score says how much of the text it covers.
func TestMixedScripts(t *testing.T) {
	text := "東京都は新しい計画を発表した。Tokyo"
	code, score := Detect(text, "")
	if code != "ja" {
		t.Fatalf("Detect = %q, want ja", code)
	}
	if score >= 0.9 {
		t.Errorf("score %.2f for text with some Latin letters, want below 0.9", score)
	}
	// Korean with a few Chinese characters is Korean.
	if code, _ := Detect("韓國 정부는 오늘 새로운 경제 정책을 발표했다.", ""); code != "ko" {
		t.Errorf("Korean with Hanja: Detect = %q, want ko", code)
	}
}

// TestLongText checks that only the first MaxBytes are read, cut on a
// rune boundary.
func TestLongText(t *testing.T) {
	ru := strings.Repeat("Правительство утвердило новый бюджет. ", 200)
	text := ru + strings.Repeat("The government approved a new budget. ", 400)
	if code, _ := Detect(text, ""); code != "ru" {
		t.Errorf("Detect = %q, want ru from the first MaxBytes", code)
	}
}

func TestLanguages(t *testing.T) {
	langs := Languages()
	if len(langs) < 75 {
		t.Errorf("%d languages, want at least 75", len(langs))
	}
	have := map[string]bool{}
	for _, c := range langs {
		if len(c) != 2 {
			t.Errorf("code %q is not ISO 639-1", c)
		}
		have[c] = true
	}
	for _, s := range samples {
		if !have[s.code] {
			t.Errorf("%s is detected but not listed", s.code)
		}
	}
}

// TestConcurrent runs Detect on several goroutines; run it with -race.
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range samples {
				s := samples[(i+g)%len(samples)]
				if code, _ := Detect(s.text, ""); code != s.code {
					t.Errorf("Detect = %q, want %q", code, s.code)
				}
			}
		})
	}
	wg.Wait()
}

// TestModelTable checks that every n-gram of the model is found where
// lookup looks for it: the generator and the package hash alike.
func TestModelTable(t *testing.T) {
	m := loadModel()
	if err := m.check(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range 1 << m.bits {
		k := binary.LittleEndian.Uint64(m.keys[8*i:])
		if k == 0 {
			continue
		}
		n++
		if e := m.lookup(k); len(e) == 0 {
			t.Fatalf("slot %d: key %x not found", i, k)
		}
	}
	if n < 50000 {
		t.Errorf("%d n-grams, want at least 50,000", n)
	}
}

// TestDamagedModel checks that lookups keep within a table whose bytes
// are wrong, and that check names the defect: a slot whose pairs run past
// the entries, and a table with no empty slot.
func TestDamagedModel(t *testing.T) {
	keys, values := make([]byte, 8*4), make([]byte, 4*4)
	for i := range 4 {
		binary.LittleEndian.PutUint64(keys[8*i:], uint64(i+1))
		binary.LittleEndian.PutUint32(values[4*i:], 1) // one pair at 0
	}
	binary.LittleEndian.PutUint32(values[4*2:], 7<<8|1) // one pair at 7
	m := &model{bits: 2, keys: keys, values: values, entries: make([]byte, 4)}
	if err := m.check(); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("check = %v, want entries out of range", err)
	}
	if e := m.lookup(3); e != nil {
		t.Errorf("lookup of the slot past the entries = %v, want nil", e)
	}
	if e := m.lookup(1); len(e) != 2 {
		t.Errorf("lookup(1) = %v, want one pair", e)
	}
	binary.LittleEndian.PutUint32(values[4*2:], 1)
	if err := m.check(); err == nil || !strings.Contains(err.Error(), "full") {
		t.Errorf("check = %v, want full hash table", err)
	}
	if e := m.lookup(99); e != nil { // probes every slot once, then stops
		t.Errorf("lookup of a missing key in a full table = %v, want nil", e)
	}
}
