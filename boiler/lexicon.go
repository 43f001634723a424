package boiler

// Word lists. They hold signals that recur across sites and languages:
// function words (prose has many, chrome has few), the vocabulary of page
// chrome (share bars, sign-up boxes, cookie notices, galleries, related
// links) and photo credits. None is fitted to a particular site.

// lang is a bit per language in stopwords.
type lang uint16

const (
	langEN lang = 1 << iota
	langDE
	langFR
	langES
	langIT
	langNL
	langPT
	numLangs = 7
)

var langCodes = [numLangs]string{"en", "de", "fr", "es", "it", "nl", "pt"}

var stopwordLists = [numLangs]string{
	// en
	`a about above after again against all also am an and any are as at be because been before being below
	between both but by can could did do does doing down during each few for from further had has have having
	he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
	nor not now of off on once only or other our ours ourselves out over own same she should so some such than
	that the their theirs them themselves then there these they this those through to too under until up very
	was we were what when where which while who whom why will with would you your yours yourself yourselves
	said says one two new last year years told people may since many like even still much well who's it's
	that's there's they're we're i'm don't didn't can't won't isn't wasn't`,
	// de
	`aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus
	bei bin bis bist da damit dann das dass dasselbe dazu dein deine dem den denn der des dessen dich die dies
	diese dieselbe dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euer eure
	für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins
	ist jede jedem jeden jeder jedes jene jetzt kann kein keine können könnte machen man manche mein meine mich
	mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine selbst sich sie sind so
	solche soll sollte sondern sonst über um und uns unser unter viel vom von vor während war waren warum was
	weg weil weiter welche wenn wer werde werden wie wieder will wir wird wo wollen wurde wurden zu zum zur zwar
	zwischen einem schon sagte seit beim`,
	// fr
	`au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon
	ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous
	c d j l à m n s t y été étée étés être avoir ai as avons avez ont eu était étaient sont est cette cet comme
	plus aussi fait peut entre depuis sans sous dont où leurs tout tous toute toutes très bien encore après avant
	selon lors alors si car donc`,
	// es
	`de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque
	esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni
	contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho
	quienes nada muchos cual poco ella estar estas algunas algo nosotros ha han fue ser es son era sido según
	tras dijo había`,
	// it
	`di a da in con su per tra fra il lo la i gli le un uno una e è ed o ma anche come che chi cui non più quale
	quanto quanti quella quelle quelli quello questa queste questi questo sono sia era erano stato stata stati
	essere avere ha hanno aveva del dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai
	dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle si se ci ne mi ti vi lui lei
	loro noi voi dopo prima già ancora molto poi quando dove perché così secondo`,
	// nl
	`de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat
	mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want
	nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus
	alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw
	iemand geweest andere werden volgens`,
	// pt
	`de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua
	ou ser quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ter
	seus quem nas me esse eles estão você tinha foram essa num nem suas meu às minha têm numa pelos elas havia
	seja qual será nós tenho lhe deles essas esses pelas este fosse dele segundo disse sobre`,
}

// chromePhrases mark page chrome when they make up most of a short block.
var chromePhrases = []string{
	// en
	"share", "share this", "share on", "tweet", "email", "e-mail", "print", "subscribe", "newsletter", "sign up",
	"sign in", "log in", "login", "register", "cookie", "cookies", "privacy", "privacy policy", "terms of use",
	"terms of service", "terms and conditions", "advertisement", "advertising", "sponsored", "related",
	"related stories", "related articles", "read more", "more from", "more on", "most read", "most popular",
	"trending", "recommended", "comments", "comment", "follow us", "follow", "click here", "show all",
	"in pictures", "gallery", "photos", "video", "videos", "watch", "listen", "skip to", "menu", "home",
	"search", "back to top", "copyright", "all rights reserved", "loading", "next", "previous", "next article",
	"download the app", "contact us", "about us", "topics", "tags", "see also", "you may also like",
	"continue reading", "top stories", "latest news", "view all", "load more", "facebook", "twitter",
	"linkedin", "whatsapp", "pinterest", "reddit", "instagram", "youtube", "rss",
	// de
	"teilen", "anzeige", "werbung", "abonnieren", "impressum", "datenschutz", "kommentare", "mehr zum thema",
	"lesen sie auch", "weiterlesen", "zurück", "startseite", "anmelden", "bildergalerie", "fotos", "alle rechte vorbehalten",
	"drucken", "empfehlen", "mehr", "meistgelesen", "folgen sie uns",
	// fr
	"partager", "publicité", "abonnez-vous", "lire aussi", "à lire aussi", "commentaires", "connexion",
	"s'inscrire", "tous droits réservés", "mentions légales", "imprimer", "lire la suite", "suivez-nous",
	// es
	"compartir", "publicidad", "suscríbete", "comentarios", "leer más", "te puede interesar",
	"todos los derechos reservados", "iniciar sesión", "imprimir", "noticias relacionadas",
	// it
	"condividi", "pubblicità", "iscriviti", "commenti", "leggi anche", "tutti i diritti riservati",
	// nl
	"delen", "advertentie", "abonneren", "reacties", "lees ook", "alle rechten voorbehouden", "lees meer",
	// pt
	"compartilhar", "publicidade", "assine", "comentários", "leia mais", "leia também", "todos os direitos reservados",
	// pl, cs
	"czytaj więcej", "czytaj też", "czytaj także", "zobacz też", "zobacz także", "čtěte také", "čtěte též",
	"přečtěte si také",
	// sv, no, da
	"läs mer", "läs också", "läs även", "les mer", "les også", "læs mere", "læs også",
	// tr
	"devamını oku", "ilgili haberler",
}

// chromeBlocks mark page chrome only when one of them is the whole block:
// the labels of boxes of other stories, and words of chrome that also
// head a story's sections ("Reklama polityczna", "Don't miss the
// deadline", "Komentarze ekspertów").
var chromeBlocks = []string{
	// en
	"related posts", "recent posts", "popular posts", "more stories", "more news", "read next", "up next",
	"don't miss", "editor's picks", "you might also like", "most viewed",
	// de
	"das könnte sie auch interessieren", "weitere artikel", "ähnliche artikel", "empfehlungen",
	// fr
	"à lire également", "sur le même sujet", "les plus lus", "articles similaires",
	// es
	"más leídas", "lo más visto", "te recomendamos", "también te puede interesar",
	// pl, cs
	"udostępnij", "reklama", "komentarze", "polecamy", "sdílet", "komentáře",
	// sv, no, da
	"annons", "annonse", "kommentarer",
	// tr
	"paylaş", "reklam", "yorumlar",
}

// chromeSentences mark page chrome even in a block of sentences: cookie
// notices, sign-up pitches and rights lines are written as prose.
var chromeSentences = []string{
	"we use cookies", "uses cookies", "use of cookies", "accept cookies", "cookie policy", "by continuing to",
	"you agree to", "you consent to", "sign up for", "sign up to", "subscribe to our", "subscribe now", "our newsletter",
	"all rights reserved", "terms of service", "privacy policy", "enable javascript", "javascript is disabled",
	"your browser", "this material may not be published", "you have reached", "to continue reading",
	"already a subscriber", "verwendet cookies", "alle rechte vorbehalten", "tous droits réservés",
	"utilise des cookies", "utiliza cookies", "todos los derechos reservados",
	// Paywall and registration prompts.
	"create an account", "create a free account", "already have an account", "sign in to continue",
	"register to continue", "for subscribers only",
	// The placeholder of an embedded post or video that waits for consent.
	"external content", "externen inhalt", "externe inhalt", "externer inhalt", "contenu externe",
	"contenido externo", "contenuto esterno", "externe inhoud",
	// Affiliate disclosures, trial offers, "follow us" notes, and the
	// note that a story is a machine translation.
	"may earn a commission", "earn an affiliate commission", "contains affiliate links", "contain affiliate links",
	"affiliate-links", "erhalten wir eine provision", "as a preferred source",
	"kostenlos testen", "gratis testen", "essai gratuit", "ist eine maschinelle übersetzung", "wurde automatisiert übersetzt",
	"was machine-translated", "been machine-translated",
	// The request for a reader's verdict or support under a story.
	"feedback zu diesem artikel", "ihre meinung ist uns wichtig",
	"did you like this article", "did you enjoy this article", "was this article helpful", "dieser artikel gefallen",
	"cet article vous a plu", "te ha gustado este artículo", "ti è piaciuto questo articolo",
}

// cjkChromePhrases mark chrome in Japanese and Chinese, written without
// spaces: paywall and registration prompts, newsletters, related and
// recommended links, reproduction notices.
var cjkChromePhrases = []string{
	// Japanese.
	"会員限定", "有料会員", "有料記事", "無料で会員登録", "無料会員登録", "記事が読み放題", "続きを読む", "全文を読む",
	"関連キーワード", "関連記事", "おすすめ記事", "おすすめ情報", "メールマガジン", "メルマガ", "無断転載",
	// Chinese, simplified and traditional.
	"相关阅读", "相關閱讀", "相关新闻", "相關新聞", "责任编辑", "責任編輯", "版权所有", "版權所有",
	"点击查看", "點擊查看", "不得转载", "不得轉載", "禁止转载", "禁止轉載", "阅读全文", "閱讀全文", "扫码关注", "掃碼關注",
}

// creditWords end photo captions: agencies and picture libraries.
var creditWords = []string{
	"images", "getty", "epa", "afp", "reuters", "ap", "wire", "pa", "photo", "photos", "photograph",
	"shutterstock", "alamy", "istock", "istockphoto", "bloomberg", "xinhua", "dpa", "ansa", "efe", "anp",
	"picture", "pictures", "rex", "corbis", "press", "handout", "file",
}

// commentHeaders open a comment section: once the article has started, a
// block that is one of these (possibly with a count) ends it.
var commentHeaders = []string{
	"comments", "comment", "responses", "response", "replies", "reactions", "discussion", "reader comments",
	"leave a reply", "leave a comment", "post a comment", "add a comment", "add your comment", "write a comment",
	"join the discussion", "join the conversation", "speak your mind", "what do you think", "show comments",
	"view comments", "comments are closed", "comment on this article", "discuss this article", "no comments",
	"be the first to comment", "trackbacks", "pingbacks",
	"kommentare", "kommentar schreiben", "leserkommentare", "commentaires", "réagissez", "laisser un commentaire",
	"comentarios", "deja un comentario", "commenti", "lascia un commento", "reacties", "comentários",
}

// titledCommentHeaders open a comment section when the post's title
// follows them: "3 responses to “…”".
var titledCommentHeaders = []string{
	"responses to", "response to", "replies to", "reply to", "comments on", "comments to", "comment on",
	"reactions to", "thoughts on", "thought on",
	"kommentare zu", "kommentar zu", "gedanken zu", "gedanke zu", "antworten zu", "antwort zu",
	"commentaires sur", "commentaire sur", "réflexions sur", "réponses à", "réponse à",
	"comentarios en", "comentarios sobre", "comentario en", "respuestas a", "respuesta a",
	"commenti su", "commento su", "risposte a", "reacties op", "reactie op", "comentários sobre",
}

// commenterSuffixes end the line that introduces one reader's comment.
var commenterSuffixes = []string{"said...", "said:", "says:", "wrote:", "writes:", "sagt:", "schreibt:", "dit :", "dit:", "escribió:", "ha detto:", "disse:"}
